import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vmMigrationEngine } from '../../../main/engines/vmMigration/vmMigrationEngine.ts';
import type { VmMigrationScenario } from '../../../main/engines/vmMigration/vmMigrationScenario.ts';
import { recordingContext } from '../../support/recordingContext.ts';
import { runProclab } from '../cli/runProclab.ts';

const scenario: VmMigrationScenario = {
  guest: { memory: 16 * 1024 * 1024, pageSize: 4096, workload: 'kv-server', workingSet: 4 * 1024 * 1024, dirtyRate: 0, pattern: 'uniform', fill: 1, keys: 2000 },
  link: { bandwidth: '1Gbit', latency: 0 },
  strategies: [
    { name: 'pre', strategy: 'pre-copy', maxRounds: 30, downtimeLimit: 5, autoConverge: false, skipZeroPages: true, hybridRounds: 1, prePaging: true, pushBandwidth: 'unlimited' },
    { name: 'post', strategy: 'post-copy', maxRounds: 30, downtimeLimit: 5, autoConverge: false, skipZeroPages: true, hybridRounds: 1, prePaging: true, pushBandwidth: 'unlimited' },
  ],
  clients: { connections: 2, rate: 400, writeFraction: 0.3 },
  timing: { warmup: 300, after: 300, timeout: 30_000 },
  failure: { kind: 'none', after: 20 },
};

describe('the vm-migration engine', () => {
  it('compares strategies side by side in one run and releases every thread', async () => {
    const recorded = recordingContext();
    const metrics = (await vmMigrationEngine.run(scenario, recorded.context)) as { strategies: { name: string; outcome: string; integrity: string; downtimeMs: number }[] };
    const released = await recorded.release();
    expect(metrics.strategies.map((strategy) => [strategy.name, strategy.outcome, strategy.integrity])).toEqual([
      ['pre', 'completed', 'ok'],
      ['post', 'completed', 'ok'],
    ]);
    expect(released).toHaveLength(2);
    for (const series of ['pre', 'post']) {
      const samples = recorded.samples.filter((sample) => sample.series === series && sample.values.responseTimeMaxMs !== undefined);
      expect(samples.length, series).toBeGreaterThanOrEqual(5);
      expect(Object.keys(samples[0]!.values)).toEqual(expect.arrayContaining(['guestOperationsPerSecond', 'pagesAtDestinationPercent', 'responseTimeMaxMs']));
    }
    expect(recorded.events.some((event) => event.kind === 'round')).toBe(true);
    expect(recorded.events.some((event) => event.kind === 'page-map')).toBe(true);
    expect(recorded.progress.at(-1)).toEqual({ fraction: 1, phase: 'done' });
    expect(vmMigrationEngine.estimateDurationMs(scenario)).toBeGreaterThan(1000);
  });
});

describe('proclab migrate', () => {
  const directory = mkdtempSync(join(tmpdir(), 'proclab-migrate-'));
  const database = join(directory, 'runs.sqlite');
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('runs the vm-migration scenario its flags describe, with the lab’s defaults, and records it like any run', async () => {
    const flags = ['--strategy', 'post-copy', '--memory', '16MiB', '--workload', 'writer', '--warmup', '300ms', '--after', '300ms'];
    const result = await runProclab(['migrate', ...flags, '--latency', '0.1ms', '--json', '--db', database]);
    expect(result.code, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout) as { runId: string; status: string; metrics: { strategies: Record<string, unknown>[] }; checks: unknown[] };
    expect(run.status).toBe('succeeded');
    // No lab checks: a tool command's run is an experiment of its own, not the lab's assignment.
    expect(run.checks).toEqual([]);
    const [metrics] = run.metrics.strategies;
    for (const key of ['totalTimeMs', 'downtimeMs', 'resumeMs', 'pagesTransferred', 'guestPages', 'bytesTransferred', 'rounds', 'networkFaults', 'faultLatencyUs', 'integrity']) expect(metrics).toHaveProperty(key);
    expect(metrics!.integrity).toBe('ok');
    expect(metrics!.pagesTransferred).toBe(metrics!.guestPages);
    expect(Object.keys(metrics!.faultLatencyUs as object)).toEqual(['p50', 'p99', 'p999', 'max']);

    // The same settings through proclab run: the same engine, the same metric names.
    const lab = await runProclab(['run', 'vm-migration', '--set', 'strategies=[{name: post-copy, strategy: post-copy}]', '--set', 'guest.memory=16MiB', '--set', 'guest.workload=writer', '--set', 'timing.warmup=300ms', '--set', 'timing.after=300ms', '--json', '--db', database]);
    expect(lab.code, lab.stderr).toBe(0);
    const labRun = JSON.parse(lab.stdout) as { metrics: { strategies: Record<string, unknown>[] } };
    expect(Object.keys(labRun.metrics.strategies[0]!).sort()).toEqual(Object.keys(metrics!).sort());

    const history = await runProclab(['history', '--json', '--db', database]);
    expect(history.code).toBe(0);
    const runs = JSON.parse(history.stdout) as { runId: string; labId: string; status: string }[];
    expect(runs.find((recorded) => recorded.runId === run.runId)).toMatchObject({ labId: 'vm-migration', status: 'succeeded' });

    const report = join(directory, 'migrate.html');
    const exported = await runProclab(['export', run.runId, '--out', report, '--db', database]);
    expect(exported.code, exported.stderr).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('written by: proclab migrate --strategy post-copy --memory 16MiB');
    expect(html).toContain('<svg');
  });

  it('prints the migration for people, and exits 1 when it did not complete with its data intact', async () => {
    const result = await runProclab(['migrate', '--strategy', 'pre-copy', '--memory', '8MiB', '--workload', 'idle', '--warmup', '200ms', '--after', '200ms', '--failure', 'cut-link', '--failure-after', '0', '--db', database]);
    expect(result.stdout).toMatch(/^pre-copy migration of a idle guest \(2048 pages\): aborted/m);
    expect(result.stderr).toMatch(/recorded as run [0-9a-f-]{36}/);
    // Aborted: the VM kept running at the source, intact, but it was not migrated.
    expect(result.stdout).toMatch(/integrity {7}ok/);
    expect(result.code).toBe(1);
  });

  it('refuses bad flags with the scenario’s messages, naming the flag, and exit code 2', async () => {
    const result = await runProclab(['migrate', '--strategy', 'teleport', '--db', database]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^proclab migrate --strategy teleport: error: --strategy must be one of stop-copy, pre-copy, post-copy, hybrid; got "teleport"$/m);
    const memory = await runProclab(['migrate', '--memory', '2GiB', '--db', database]);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toMatch(/--memory must be at most 1GiB/);
    const push = await runProclab(['migrate', '--push-bandwidth', 'fast', '--db', database]);
    expect(push.code).toBe(2);
    expect(push.stderr).toMatch(/--push-bandwidth must look like 100Mbit, 1Gbit, 500MB\/s or unlimited, not "fast"/);
    const keys = await runProclab(['migrate', '--memory', '1MiB', '--db', database]);
    expect(keys.code).toBe(2);
    expect(keys.stderr).toMatch(/10000 keys take 4MiB of guest memory, more than guest.memory \(1MiB\)/);
  });

  it('shows the schema’s defaults in its help', async () => {
    const help = await runProclab(['migrate', '--help']);
    expect(help.code).toBe(0);
    const text = help.stdout.replace(/\n {26}/g, ' ');
    expect(text).toMatch(/--workload kv-server\|writer\|scanner\|idle\s+What runs inside the guest\. \(one of kv-server, writer, scanner, idle; default kv-server\)/);
    expect(text).toMatch(/--bandwidth RATE\s+Link bandwidth[^\n]*?\(default 1Gbit\)/);
    expect(text).toMatch(/--strategy NAME\s+How memory moves[^(]*\(one of stop-copy, pre-copy, post-copy, hybrid; default pre-copy\)/);
  });
});
