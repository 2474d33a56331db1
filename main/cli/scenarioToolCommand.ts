// A tool command an engine declares as a scenario of its own: its flags write a scenario, which is
// validated, run and recorded exactly as `proclab run` does with a scenario file.
import { parseDocument } from 'yaml';
import type { Engine, ScenarioFlag, ScenarioToolCommand } from '../engines/engineRegistry.ts';
import { parseEngineScenario, scenarioSchemaOf } from '../scenario/engineScenario.ts';
import { applyOverrides } from '../scenario/scenarioOverrides.ts';
import { schemaNodeAt } from '../scenario/schemaPath.ts';
import { schema, type SchemaNode } from '../scenario/schema.ts';
import { exitCodes, FlagError, UsageError } from './cliErrors.ts';
import { sharedFlags, type Command } from './commandLine.ts';
import { defaultText, flagEntry, nodeHelp } from './flagHelp.ts';
import { flagDiagnosticLine, flagValue, setValue, type CommandFlag, type CommandLine, type FlagNamer } from './optionParser.ts';
import { runInTerminal, runResultJson } from './runInTerminal.ts';
import { overridesFrom } from './scenarioSource.ts';
import { openService } from './serviceForCommand.ts';

function nodeOf(engine: Engine, flag: ScenarioFlag): SchemaNode {
  const node = schemaNodeAt(scenarioSchemaOf(engine), flag.path);
  if (node === undefined) throw new Error(`--${flag.name} of proclab's ${engine.name} tool aliases ${flag.path}, which its scenario schema does not have`);
  return node;
}

/** The flags that are not scenario values: the same on every scenario tool command. */
function runFlags(engine: Engine): CommandFlag[] {
  return [
    { ...sharedFlags.set, help: `Any other value of the ${engine.name} scenario (repeatable), as proclab run takes it.` },
    sharedFlags.seed,
    { ...sharedFlags.json, help: 'Print the run as proclab run --json does: {runId, status, metrics, checks, error}.' },
    sharedFlags.database,
  ];
}

/** Each scenario flag as the option parser sees it: a value it leaves to the scenario to check. */
function commandFlagOf(engine: Engine, flag: ScenarioFlag, base: ReturnType<typeof parseDocument>): { flag: CommandFlag; entry: string } {
  const node = nodeOf(engine, flag);
  const commandFlag: CommandFlag = {
    name: flag.name,
    node,
    inScenario: true,
    ...(flag.short === undefined ? {} : { short: flag.short }),
    ...(flag.valueName === undefined ? {} : { valueName: flag.valueName }),
    ...(flag.negates ? { takesNoValue: true } : {}),
    ...(flag.required ? { required: true } : {}),
  };
  const shown = defaultText(node, { document: base, path: flag.path });
  const entry = flagEntry({ ...commandFlag, help: nodeHelp(node, shown, { text: flag.help, negates: flag.negates, required: flag.required }) });
  return { flag: commandFlag, entry };
}

/**
 * The scenario the command line describes: the tool's base scenario, each flag's value at its
 * path, then `--set` overrides. Problems come back as the scenario's messages, naming the flag.
 */
export function scenarioFromCommandLine(tool: ScenarioToolCommand, engine: Engine, line: CommandLine): string {
  const document = parseDocument(tool.baseScenario);
  const given = new Map<string, { flag: string; given?: string }>();
  const missing: string[] = [];
  for (const flag of tool.flags) {
    const raw = line.given[flag.name];
    const node = nodeOf(engine, flag);
    if (typeof raw !== 'string' && typeof raw !== 'boolean') {
      if (flag.required) missing.push(`proclab ${tool.name}: error: --${flag.name} is required${node.kind === 'enum' ? ` (one of ${node.choices.join(', ')})` : ''}`);
      continue;
    }
    const value = flag.negates ? raw !== true : flagValue(node, raw, flag.bareNumberUnit);
    const named = { flag: `--${flag.name}`, ...(typeof raw === 'string' ? { given: raw } : {}) };
    for (const path of [flag.path, ...(flag.alsoSets ?? [])]) {
      setValue(document, path, value);
      given.set(path, named);
    }
    for (const [path, implied] of Object.entries(flag.implies ?? {})) {
      setValue(document, path, implied);
      given.set(path, named);
    }
  }
  if (tool.argument !== undefined) {
    const argument = line.arguments[0];
    if (argument !== undefined) {
      setValue(document, tool.argument.path, argument);
      given.set(tool.argument.path, { flag: tool.argument.name, given: argument });
    }
  }
  if (missing.length > 0) throw new FlagError(missing, tool.name);

  const overrides = overridesFrom(line.given.set);
  const overridden = applyOverrides(document.toString(), overrides);
  if (!overridden.ok) throw new UsageError(overridden.message);
  for (const override of overrides) given.set(override.path, { flag: `--set ${override.path}=${override.value}` });

  // The run's scenario says which command line wrote it (reports and proclab history show the scenario).
  const written = `# written by: ${commandLineOf(tool, line)}\n${overridden.text}`;
  const scenario = parseEngineScenario(written, engine.name);
  if (!scenario.ok) {
    const nameOf: FlagNamer = (path) => {
      for (let prefix = path; prefix !== ''; prefix = prefix.includes('.') ? prefix.slice(0, prefix.lastIndexOf('.')) : '') {
        const named = given.get(prefix);
        if (named !== undefined) return prefix === path ? named : { ...named, flag: `${named.flag} (${path})` };
      }
      return undefined;
    };
    throw new FlagError(
      scenario.diagnostics.map((diagnostic) => flagDiagnosticLine(tool.name, diagnostic, nameOf)),
      tool.name,
    );
  }
  return written;
}

function quoted(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command line as a shell would take it back: the argument, then the flags given. */
function commandLineOf(tool: ScenarioToolCommand, line: CommandLine): string {
  const parts = ['proclab', tool.name, ...line.arguments.map(quoted)];
  for (const [name, value] of Object.entries(line.given)) {
    if (name === 'db' || name === 'json') continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === true) parts.push(`--${name}`);
      else if (typeof one === 'string') parts.push(`--${name}`, quoted(one));
    }
  }
  return parts.join(' ');
}

function toolNotes(tool: ScenarioToolCommand, engine: Engine): string {
  const stop = tool.foreground === undefined ? 'Ctrl+C cancels the run cleanly' : 'It runs until Ctrl+C, which stops it and keeps what it measured (a second Ctrl+C cancels)';
  return `Every flag is a value of the ${engine.name} scenario, checked as a scenario's, with the same defaults. The run is recorded like any other (see proclab history; proclab export RUN_ID writes its report).${tool.notes === undefined ? '' : ` ${tool.notes.trim()}`} ${stop}.

Exit codes: 0 the run succeeded${tool.succeeded === undefined ? '' : ' with the result it is for'}; 1 it did not, or was cancelled; 2 bad input.`;
}

/** The `proclab` command of a scenario tool command. */
export function scenarioToolCommand(tool: ScenarioToolCommand, engine: Engine): Command {
  const base = parseDocument(tool.baseScenario);
  const scenarioFlags = tool.flags.map((flag) => commandFlagOf(engine, flag, base));
  const displayFlags: CommandFlag[] = (tool.displayFlags ?? []).map((flag) => ({
    name: flag.name,
    node: schema.boolean({ description: flag.description, default: false }),
  }));
  const otherFlags = [...displayFlags, ...runFlags(engine)];
  return {
    name: tool.name,
    summary: tool.summary,
    ...(tool.argument === undefined ? {} : { arguments: [{ name: tool.argument.name, help: tool.argument.help }] }),
    flags: [...scenarioFlags.map(({ flag }) => flag), ...otherFlags],
    helpEntries: () => [...scenarioFlags.map(({ entry }) => entry), ...otherFlags.map((flag) => flagEntry(flag))],
    notes: toolNotes(tool, engine),
    async run(line) {
      const seed = line.values.seed as number | undefined;
      const scenarioText = scenarioFromCommandLine(tool, engine, line);
      const asJson = line.values.json === true;
      const service = openService(line, 'cli');
      try {
        const lab = service.catalog
          .list()
          .map((summary) => service.catalog.get(summary.id)!)
          .find((candidate) => candidate.definition.engine === engine.name);
        if (lab === undefined) throw new UsageError(`no lab runs the ${engine.name} engine, so proclab ${tool.name} has nothing to record its run under`);
        const started = service.startScenario(lab, scenarioText, seed, { withChecks: false });
        if (!started.ok) throw new UsageError('diagnostics' in started ? `proclab ${tool.name}: invalid scenario` : started.error.message);
        const { runId } = started.value;
        if (!asJson) process.stderr.write(`run ${runId} (${lab.definition.id}, proclab ${tool.name})\n`);
        const finished = await runInTerminal(service, runId, { json: asJson, quietEvents: tool.quietEvents ?? [], ...(tool.foreground === undefined ? {} : { readyEvent: tool.foreground.readyEvent }) });
        const succeeded = finished.status === 'succeeded' && finished.metrics !== null && (tool.succeeded?.(finished.metrics) ?? true);
        if (asJson) {
          process.stdout.write(`${runResultJson(finished)}\n`);
        } else {
          if (finished.metrics !== null) {
            const detail = await service.getRun(runId);
            const display = new Set(displayFlags.filter((flag) => line.values[flag.name] === true).map((flag) => flag.name));
            const scenario = parseEngineScenario(scenarioText, engine.name);
            const run = {
              runId,
              status: finished.status,
              scenario: scenario.ok ? scenario.value : {},
              metrics: finished.metrics,
              samples: detail.ok ? detail.value.samples : [],
              timeline: detail.ok ? detail.value.timeline : [],
              display,
            };
            process.stdout.write(`${tool.summarise(run).trimEnd()}\n`);
          }
          process.stderr.write(`${finished.status}${finished.error === null ? '' : `: ${finished.error.message}`}; recorded as run ${runId} (proclab export ${runId} --out report.html)\n`);
        }
        return succeeded ? exitCodes.ok : exitCodes.runFailed;
      } finally {
        await service.close();
      }
    },
  };
}
