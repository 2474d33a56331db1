import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeMigrationEngine } from '../../../main/engines/codeMigration/codeMigrationEngine.ts';
import { codeMigrationScenarioSchema, type CodeMigrationScenario } from '../../../main/engines/codeMigration/codeMigrationScenario.ts';
import { parseScenario } from '../../../main/scenario/scenarioValidation.ts';
import { eventually, recordingContext, type RecordedContext } from '../../support/recordingContext.ts';
import { runProclab } from '../cli/runProclab.ts';

const engineFolder = join(import.meta.dirname, '..', '..', '..', 'main', 'engines', 'codeMigration');

function scenarioOf(text: string): CodeMigrationScenario {
  const parsed = parseScenario(text, codeMigrationScenarioSchema);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((diagnostic) => diagnostic.message).join('; '));
  return parsed.value;
}

/** Host and sandbox processes started from this worktree's engine that are still alive. */
function liveHostProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (commandLine.includes(engineFolder) && !commandLine.includes('vitest')) pids.push(Number(entry));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

const runFolders = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('proclab-code-migration-'));

describe('the code-migration engine', () => {
  it('runs every experiment between real host processes and releases every host, sandbox, link and file', async () => {
    const foldersBefore = new Set(runFolders());
    const scenario = scenarioOf(
      [
        'paradigms: { records: [30, 3000], links: [{ bandwidth: 10Mbit, latency: 2ms }], repeats: 1 }',
        'mobility: { heap: 256KiB, rounds: 3, migrateAfter: 10ms }',
        'bindings: { accessesAfter: 3 }',
        'sandbox: { cpuBudget: 400ms }',
      ].join('\n'),
    );
    const recorded = recordingContext();
    const metrics = (await codeMigrationEngine.run(scenario, recorded.context)) as Record<string, any>;
    const hostEvents = recorded.events.filter((event) => event.kind === 'host');
    expect(hostEvents.map((event) => event.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^host A on 127\.0\.1\.1 \(x86_64\/little-endian\), pid \d+/), expect.stringMatching(/^host B on 127\.0\.1\.2 \(ppc64\/big-endian\)/)]));
    expect(liveHostProcesses().length).toBeGreaterThanOrEqual(5);
    await recorded.release();
    expect(liveHostProcesses()).toEqual([]);
    expect(runFolders().filter((name) => !foldersBefore.has(name))).toEqual([]);

    // The shapes `proclab run code-migration --json` promises.
    expect(metrics.paradigms.map((point: any) => point.paradigm)).toEqual(['client-server', 'remote-evaluation', 'code-on-demand', 'mobile-agent']);
    for (const point of metrics.paradigms) {
      expect(point).toMatchObject({ resultCorrect: true, records: 3000 });
      expect(point.bytesTransferred).toBeGreaterThan(0);
      expect(point.messages).toBeGreaterThan(0);
      expect(point.wallTimeMs).toBeGreaterThan(0);
    }
    const bytesOf = (name: string): number => metrics.paradigms.find((point: any) => point.paradigm === name).bytesTransferred;
    // 3000 records are about 190 kB; the top-orders code about 5 kB.
    expect(bytesOf('remote-evaluation')).toBeLessThan(bytesOf('client-server') / 10);
    expect(bytesOf('code-on-demand')).toBeGreaterThan(bytesOf('client-server'));
    expect(metrics.strongMobility.migrated).toMatchObject({ resultEqual: true });
    expect(metrics.strongMobility.migrated.executionSegmentBytes).toBeGreaterThan(1000);
    expect(metrics.strongMobility.migrated.pauseMs).toBeGreaterThan(0);
    expect(metrics.strongMobility.migrated.instructionsBeforeMove).toBeGreaterThan(0);
    expect(metrics.strongMobility.pulled.resultEqual).toBe(true);
    expect(metrics.strongMobility.cloned).toMatchObject({ resultEqual: true, originalResultEqual: true, cloneResultEqual: true });
    expect(metrics.weakMobility.pushed).toMatchObject({ resultEqual: true, restarted: true });
    expect(metrics.weakMobility.pulled.instructionsAtReceiver).toBe(metrics.mobilityReference.instructionCount);
    expect(metrics.bindings).toHaveLength(9);
    for (const cell of metrics.bindings) {
      expect(['identifier', 'value', 'type']).toContain(cell.binding);
      expect(['unattached', 'fastened', 'fixed']).toContain(cell.attachment);
      expect(['GR', 'MV', 'CP', 'RB']).toContain(cell.action);
      expect(cell.works, cell.cell).toBe(true);
      expect(typeof cell.bytesMoved).toBe('number');
      expect(typeof cell.remoteCallsPerAccess).toBe('number');
    }
    // A global reference costs a remote call per access; a moved or copied resource none.
    expect(metrics.bindings.find((cell: any) => cell.action === 'GR').remoteCallsPerAccess).toBeGreaterThanOrEqual(1);
    expect(metrics.bindings.find((cell: any) => cell.action === 'CP').remoteCallsPerAccess).toBe(0);
    expect(metrics.sandbox.map((attack: any) => attack.attack)).toEqual(['read-outside-grant', 'open-socket', 'loop-forever', 'allocate-without-bound', 'allocate-outside-heap', 'escape-to-host']);
    for (const attack of metrics.sandbox) {
      expect(attack.blocked, `${attack.attack}: ${attack.reason}`).toBe(true);
      expect(attack.hostKeptServing, attack.attack).toBe(true);
      expect(attack.reason.length).toBeGreaterThan(0);
    }
    expect(metrics.sandbox.find((attack: any) => attack.attack === 'loop-forever').reason).toMatch(/CPU/);
    expect(metrics.sandboxControl.worked).toBe(true);
    expect(metrics.heterogeneous).toMatchObject({ nativeOnOtherPlatform: 'refused', abstractMachineOnOtherPlatform: 'ok' });
    expect(recorded.events.filter((event) => event.kind === 'hop').length).toBeGreaterThan(20);
    expect(recorded.progress.at(-1)).toEqual({ fraction: 1, phase: 'done' });
  }, 120_000);

  it('refuses the actions the binding table rules out, with the reason', async () => {
    const scenario = scenarioOf(
      [
        'experiments: [bindings]',
        'bindings:',
        '  cells:',
        '    - { binding: identifier, attachment: fixed, action: MV }',
        '    - { binding: identifier, attachment: unattached, action: CP }',
        '    - { binding: identifier, attachment: fastened, action: MV }',
        '  accessesAfter: 2',
      ].join('\n'),
    );
    const recorded = recordingContext();
    try {
      const metrics = (await codeMigrationEngine.run(scenario, recorded.context)) as Record<string, any>;
      const [fixedMove, identifierCopy, databaseMove] = metrics.bindings;
      expect(fixedMove).toMatchObject({ refused: true, works: false });
      expect(fixedMove.explanation).toMatch(/fixed resource/);
      expect(identifierCopy).toMatchObject({ refused: true });
      expect(identifierCopy.explanation).toMatch(/identifier/);
      expect(databaseMove).toMatchObject({ refused: false, works: true, remoteCallsPerAccess: 0 });
      expect(databaseMove.bytesMoved).toBeGreaterThan(10_000);
    } finally {
      await recorded.release();
    }
    expect(liveHostProcesses()).toEqual([]);
  }, 60_000);

  it('stops at once when cancelled and leaves no host or sandbox behind', async () => {
    const foldersBefore = new Set(runFolders());
    const scenario = scenarioOf(['experiments: [sandbox, mobility]', 'sandbox: { cpuBudget: 20s, attacks: [loop-forever] }'].join('\n'));
    const recorded = recordingContext();
    const running = codeMigrationEngine.run(scenario, recorded.context);
    await eventually(() => recorded.events.some((event) => event.kind === 'experiment'), 30_000, 'the first experiment');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cancelledAt = performance.now();
    recorded.controller.abort();
    await running;
    expect(performance.now() - cancelledAt).toBeLessThan(5_000);
    await recorded.release();
    expect(liveHostProcesses()).toEqual([]);
    expect(runFolders().filter((name) => !foldersBefore.has(name))).toEqual([]);
  }, 60_000);
});

/** How a run ended: 'finished', or the message it failed with. */
const outcomeOf = (scenario: CodeMigrationScenario, recorded: RecordedContext): Promise<string> =>
  codeMigrationEngine.run(scenario, recorded.context).then(
    () => 'finished',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
/** The pid a host announced in its `host` event. */
const hostPid = (recorded: RecordedContext, host: string): number => {
  const announced = recorded.events.find((event) => event.kind === 'host' && event.data?.host === host)!;
  return Number(/pid (\d+)/.exec(announced.message)![1]);
};

describe('a host that dies mid-run', () => {
  it('fails the run with a clear error naming the host, and still leaves no process or file behind', async () => {
    const foldersBefore = new Set(runFolders());
    const scenario = scenarioOf(['experiments: [paradigms]', 'paradigms: { records: [30000], links: [{ bandwidth: 1Mbit, latency: 20ms }], repeats: 3 }'].join('\n'));
    const recorded = recordingContext();
    const running = outcomeOf(scenario, recorded);
    await eventually(() => recorded.events.some((event) => event.kind === 'experiment'), 30_000, 'the paradigm sweep');
    const pid = hostPid(recorded, 'B');
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(pid, 'SIGKILL');
    const startedWaiting = performance.now();
    const outcome = await running;
    expect(performance.now() - startedWaiting).toBeLessThan(15_000);
    expect(outcome).toMatch(/host B/);
    await recorded.release();
    expect(liveHostProcesses()).toEqual([]);
    expect(runFolders().filter((name) => !foldersBefore.has(name))).toEqual([]);
  }, 60_000);
});

describe('a host that dies at any point', () => {
  // Early (as soon as it is up), mid-sweep, during strong migration, during the bindings: each run
  // ends failed within seconds, naming host B, with nothing left running.
  const points: [string, string[], number][] = [
    ['early', ['experiments: [paradigms]'], -1],
    ['mid-sweep', ['experiments: [paradigms]', 'paradigms: { records: [30000], links: [{ bandwidth: 1Mbit, latency: 20ms }], repeats: 3 }'], 400],
    ['during strong migration', ['experiments: [mobility]'], 50],
    ['during the bindings', ['experiments: [bindings]'], 50],
  ];
  it.each(points)('%s: the run fails fast with a clear error and leaves no process', async (_point, lines, delayMs) => {
    const recorded = recordingContext();
    const running = outcomeOf(scenarioOf(lines.join('\n')), recorded);
    await eventually(() => recorded.events.some((event) => event.kind === (delayMs < 0 ? 'host' : 'experiment') && (delayMs >= 0 || event.data?.host === 'B')), 30_000, 'the point to kill host B at');
    const pid = hostPid(recorded, 'B');
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    process.kill(pid, 'SIGKILL');
    const startedWaiting = performance.now();
    const outcome = await running;
    expect(performance.now() - startedWaiting).toBeLessThan(5_000);
    expect(outcome).toMatch(/host B/);
    await recorded.release();
    expect(liveHostProcesses()).toEqual([]);
  }, 60_000);
});

describe('proclab run code-migration', () => {
  it('prints the heterogeneous result as JSON and records the run', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'proclab-cm-cli-'));
    try {
      writeFileSync(join(folder, 'scenario.yaml'), 'engine: code-migration\nexperiments: [heterogeneous]\n');
      const result = await runProclab(['run', join(folder, 'scenario.yaml'), '--json', '--db', join(folder, 'runs.sqlite')], { timeoutMs: 60_000 });
      expect(result.code, result.stderr).toBe(0);
      const output = JSON.parse(result.stdout) as { status: string; metrics: { heterogeneous: Record<string, unknown> } };
      expect(output.status).toBe('succeeded');
      expect(output.metrics.heterogeneous).toMatchObject({ nativeOnOtherPlatform: 'refused', abstractMachineOnOtherPlatform: 'ok' });
      expect(String(output.metrics.heterogeneous.refusal)).toMatch(/exec format error/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 90_000);
});
