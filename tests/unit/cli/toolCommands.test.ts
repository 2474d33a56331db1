import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlagError } from '../../../main/cli/cliErrors.ts';
import { commandHelp } from '../../../main/cli/commandLine.ts';
import { parseCommandLine } from '../../../main/cli/optionParser.ts';
import { scenarioFromCommandLine, scenarioToolCommand } from '../../../main/cli/scenarioToolCommand.ts';
import { loadToolCommand, serverToolCommand } from '../../../main/engines/architectures/architecturesToolCommands.ts';
import { architecturesEngine } from '../../../main/engines/architectures/architecturesEngine.ts';
import { declaredToolCommands, findEngine } from '../../../main/engines/engineRegistry.ts';
import type { ScenarioToolCommand } from '../../../main/engines/toolCommand.ts';
import { migrateToolCommand } from '../../../main/engines/vmMigration/vmMigrationToolCommands.ts';
import { vmMigrationEngine } from '../../../main/engines/vmMigration/vmMigrationEngine.ts';
import { parseEngineScenario } from '../../../main/scenario/engineScenario.ts';
import { applyOverrides, parseOverride } from '../../../main/scenario/scenarioOverrides.ts';
import type { Engine } from '../../../main/engines/engine.ts';

const root = join(import.meta.dirname, '..', '..', '..');

function scenarioOf(tool: ScenarioToolCommand, engine: Engine, argv: string[]): Record<string, unknown> {
  const text = scenarioFromCommandLine(tool, engine, parseCommandLine(scenarioToolCommand(tool, engine), argv));
  const parsed = parseEngineScenario(text, engine.name);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.value;
}

function problemsOf(tool: ScenarioToolCommand, engine: Engine, argv: string[]): readonly string[] {
  try {
    scenarioFromCommandLine(tool, engine, parseCommandLine(scenarioToolCommand(tool, engine), argv));
  } catch (error) {
    if (error instanceof FlagError) return error.lines;
    throw error;
  }
  return [];
}

function labScenario(lab: string, sets: string[]): Record<string, unknown> {
  const text = readFileSync(join(root, 'labs', lab, 'scenario.yaml'), 'utf8');
  const overridden = applyOverrides(text, sets.map((set) => parseOverride(set)!));
  if (!overridden.ok) throw new Error(overridden.message);
  const parsed = parseEngineScenario(overridden.text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.value;
}

describe('proclab migrate', () => {
  it('describes the same scenario as the lab’s with the same settings: the same defaults everywhere', () => {
    const fromFlags = scenarioOf(migrateToolCommand, vmMigrationEngine, ['--strategy', 'post-copy', '--memory', '64MiB', '--workload', 'writer']);
    const fromLab = labScenario('vm-migration', ['strategies=[{name: post-copy, strategy: post-copy}]', 'guest.workload=writer']);
    expect(fromFlags).toEqual(fromLab);
    expect(fromFlags).toMatchObject({ link: { bandwidth: '1Gbit' }, timing: { warmup: 1000, after: 1000, timeout: 60_000 }, guest: { keys: 10_000 } });
  });

  it('turns every kind of flag into its scenario value', () => {
    const scenario = scenarioOf(migrateToolCommand, vmMigrationEngine, ['--strategy', 'hybrid', '--latency', '0', '--failure-after', '5', '--no-pre-paging', '--auto-converge', '--dirty-rate', '500', '--set', 'clients.rate=200']);
    expect(scenario).toMatchObject({
      strategies: [{ name: 'hybrid', strategy: 'hybrid', prePaging: false, autoConverge: true }],
      link: { latency: 0 },
      failure: { after: 5 },
      guest: { dirtyRate: 500 },
      clients: { rate: 200 },
    });
  });

  it('says what is wrong with the scenario’s own words, naming the flag (or the --set) it came from', () => {
    expect(problemsOf(migrateToolCommand, vmMigrationEngine, ['--dirty-rate', 'fast', '--latency', '2 parsecs'])).toEqual([
      'proclab migrate --dirty-rate fast: error: --dirty-rate must be a whole number, not string "fast"',
      'proclab migrate --latency 2 parsecs: error: --latency: unknown duration unit "parsecs" (use us, µs, ms, s, m, min, h)',
    ]);
    expect(problemsOf(migrateToolCommand, vmMigrationEngine, ['--set', 'timing.warmup=1h'])).toEqual(['proclab migrate --set timing.warmup=1h: error: --set timing.warmup=1h must be at most 60000ms']);
  });
});

describe('proclab load and proclab server', () => {
  it('load: the URL is load.target, -R makes an open loop, a bare -d is seconds as in wrk', () => {
    const scenario = scenarioOf(loadToolCommand, architecturesEngine, ['http://127.0.0.1:8080/files/1', '-c', '4', '-d', '2', '-R', '300']);
    expect(scenario).toMatchObject({ servers: [], load: { target: 'http://127.0.0.1:8080/files/1', connections: 4, duration: 2000, mode: 'open', rate: 300, warmup: 500 } });
    expect(scenarioOf(loadToolCommand, architecturesEngine, ['http://127.0.0.1:8080/'])).toMatchObject({ load: { mode: 'closed', connections: 16, duration: 5000 } });
    expect(problemsOf(loadToolCommand, architecturesEngine, ['http://example.com/'])).toEqual([
      'proclab load URL http://example.com/: error: URL: proclab only loads servers on this machine (127.0.0.1), not example.com',
    ]);
  });

  it('server: one server, no load, until stopped (a duration of 0)', () => {
    const scenario = scenarioOf(serverToolCommand, architecturesEngine, ['--arch', 'prefork', '--workers', '2', '--service-time', '2ms']);
    expect(scenario).toMatchObject({ servers: [{ name: 'prefork', architecture: 'prefork', workers: 2, port: 8080 }], workload: { serviceTime: 2 }, load: { mode: 'none', duration: 0 } });
    expect(architecturesEngine.estimateDurationMs(scenario as never)).toBeLessThan(10_000);
    expect(problemsOf(serverToolCommand, architecturesEngine, [])).toEqual([
      'proclab server: error: --arch is required (one of iterative, thread-pool, event-driven, thread-per-request, process-per-request, prefork, event-pool)',
    ]);
  });
});

describe('every declared tool command', () => {
  it('aliases only values its engine’s schema has, and builds a valid scenario from its defaults', () => {
    for (const { engine, command } of declaredToolCommands()) {
      if (command.kind !== 'scenario') continue;
      expect(findEngine(engine.name)).toBe(engine);
      const cli = scenarioToolCommand(command, engine);
      expect(commandHelp(cli), command.name).toMatch(/--set path=value/);
      const required = command.flags.filter((flag) => flag.required).flatMap((flag) => [`--${flag.name}`, 'iterative']);
      const argument = command.argument === undefined ? [] : ['http://127.0.0.1:8080/'];
      expect(() => scenarioOf(command, engine, [...argument, ...required]), command.name).not.toThrow();
    }
  });
});
