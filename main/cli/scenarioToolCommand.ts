// A tool command an engine declares as a scenario of its own: its flags write a scenario, which is
// validated, run and recorded exactly as `proclab run` does with a scenario file.
import { parseDocument } from 'yaml';
import type { Engine } from '../engines/engine.ts';
import type { ScenarioFlag, ScenarioToolCommand } from '../engines/toolCommand.ts';
import { parseEngineScenario, scenarioSchemaOf } from '../scenario/engineScenario.ts';
import { applyOverrides } from '../scenario/scenarioOverrides.ts';
import { schemaNodeAt } from '../scenario/schemaPath.ts';
import { schema, type SchemaNode } from '../scenario/schema.ts';
import { exitCodes, FlagError, UsageError } from './cliErrors.ts';
import { sharedOptions, type Command, type ParsedCommand } from './commandLine.ts';
import { flagDiagnosticLine, flagValue, setValue, validateOptions, type FlagNamer, type OptionSpecs } from './optionParser.ts';
import { runInTerminal, runResultJson } from './runInTerminal.ts';
import { overridesFrom } from './scenarioSource.ts';
import { databaseOption, openService } from './serviceForCommand.ts';
import { helpEntry, scenarioFlagsHelp } from './toolHelp.ts';

const toolOptions = schema.object({ description: 'a tool command', fields: { seed: sharedOptions.seed } });

function nodeOf(engine: Engine, flag: ScenarioFlag): SchemaNode {
  const node = schemaNodeAt(scenarioSchemaOf(engine), flag.path);
  if (node === undefined) throw new Error(`--${flag.name} of proclab's ${engine.name} tool aliases ${flag.path}, which its scenario schema does not have`);
  return node;
}

export function usageOf(tool: ScenarioToolCommand): string {
  const required = tool.flags.filter((flag) => flag.required).map((flag) => `--${flag.name} ${flag.valueName ?? 'NAME'}`);
  return ['proclab', tool.name, ...(tool.argument === undefined ? [] : [tool.argument.name]), ...required, '[options]'].join(' ');
}

/**
 * The scenario the command line describes: the tool's base scenario, each flag's value at its
 * path, then `--set` overrides. Problems come back as the scenario's messages, naming the flag.
 */
export function scenarioFromCommandLine(tool: ScenarioToolCommand, engine: Engine, parsed: ParsedCommand): string {
  const document = parseDocument(tool.baseScenario);
  const given = new Map<string, { flag: string; given?: string }>();
  const missing: string[] = [];
  for (const flag of tool.flags) {
    const raw = parsed.values[flag.name];
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
    const argument = parsed.positionals[0];
    if (argument === undefined) missing.push(`proclab ${tool.name}: error: ${tool.argument.name} is required\nusage: ${usageOf(tool)}`);
    else {
      setValue(document, tool.argument.path, argument);
      given.set(tool.argument.path, { flag: tool.argument.name, given: argument });
    }
  }
  const extra = parsed.positionals.slice(tool.argument === undefined ? 0 : 1);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"\nusage: ${usageOf(tool)}`);
  if (missing.length > 0) throw new FlagError(missing);

  const overrides = overridesFrom(parsed.values.set);
  const overridden = applyOverrides(document.toString(), overrides);
  if (!overridden.ok) throw new UsageError(overridden.message);
  for (const override of overrides) given.set(override.path, { flag: `--set ${override.path}=${override.value}` });

  // The run's scenario says which command line wrote it (reports and proclab history show the scenario).
  const written = `# written by: ${commandLineOf(tool, parsed)}\n${overridden.text}`;
  const scenario = parseEngineScenario(written, engine.name);
  if (!scenario.ok) {
    const nameOf: FlagNamer = (path) => {
      for (let prefix = path; prefix !== ''; prefix = prefix.includes('.') ? prefix.slice(0, prefix.lastIndexOf('.')) : '') {
        const named = given.get(prefix);
        if (named !== undefined) return prefix === path ? named : { ...named, flag: `${named.flag} (${path})` };
      }
      return undefined;
    };
    throw new FlagError(scenario.diagnostics.map((diagnostic) => flagDiagnosticLine(tool.name, diagnostic, nameOf)));
  }
  return written;
}

function quoted(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command line as a shell would take it back: the argument, then the flags given. */
function commandLineOf(tool: ScenarioToolCommand, parsed: ParsedCommand): string {
  const parts = ['proclab', tool.name, ...parsed.positionals.map(quoted)];
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name === 'db' || name === 'json' || name === 'help') continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === true) parts.push(`--${name}`);
      else if (typeof one === 'string') parts.push(`--${name}`, quoted(one));
    }
  }
  return parts.join(' ');
}

function toolHelp(tool: ScenarioToolCommand, engine: Engine): string {
  const sections = [
    ...(tool.argument === undefined ? [] : [helpEntry(tool.argument.name, tool.argument.help)]),
    scenarioFlagsHelp(scenarioSchemaOf(engine), tool.baseScenario, tool.flags, tool.displayFlags),
    helpEntry('--set path=value', `any other value of the ${engine.name} scenario (repeatable), as proclab run takes it`),
    helpEntry('--seed N', 'seed for everything random in the run (default: random; printed in the result)'),
    helpEntry('--json', 'print the run as proclab run --json does: {runId, status, metrics, checks, error}'),
    helpEntry('--db FILE', 'the run database (default: ~/.proclab/runs.sqlite, or $PROCLAB_HOME/runs.sqlite)'),
  ];
  const stop = tool.foreground === undefined ? 'Ctrl+C cancels the run cleanly' : 'It runs until Ctrl+C, which stops it and keeps what it measured (a second Ctrl+C cancels)';
  return `${sections.join('\n')}

Every flag is a value of the ${engine.name} scenario, checked as a scenario's, with the same defaults.
The run is recorded like any other (see proclab history; proclab export RUN_ID writes its report).
${tool.notes === undefined ? '' : `${tool.notes.trim()}\n`}${stop}.
Exit codes: 0 the run succeeded${tool.succeeded === undefined ? '' : ' with the result it is for'}; 1 it did not, or was cancelled; 2 bad input.`;
}

/** The `proclab` command of a scenario tool command. */
export function scenarioToolCommand(tool: ScenarioToolCommand, engine: Engine): Command {
  const options: OptionSpecs = {
    set: { type: 'string', multiple: true },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    ...databaseOption,
  };
  for (const flag of tool.flags) {
    const boolean = flag.negates === true || nodeOf(engine, flag).kind === 'boolean';
    options[flag.name] = { type: boolean ? 'boolean' : 'string', ...(flag.short === undefined ? {} : { short: flag.short }) };
  }
  for (const flag of tool.displayFlags ?? []) options[flag.name] = { type: 'boolean' };
  return {
    name: tool.name,
    usage: usageOf(tool),
    summary: tool.summary,
    help: () => toolHelp(tool, engine),
    options,
    async run(parsed) {
      const { seed } = validateOptions(tool.name, toolOptions, parsed.values) as { seed: number | undefined };
      const scenarioText = scenarioFromCommandLine(tool, engine, parsed);
      const asJson = parsed.values.json === true;
      const service = openService(parsed, 'cli');
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
            const display = new Set((tool.displayFlags ?? []).filter((flag) => parsed.values[flag.name] === true).map((flag) => flag.name));
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
