import { describe, expect, it } from 'vitest';
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
  it('prints one JSON object with the metric names of the issue', async () => {
    const result = await runProclab(['migrate', '--strategy', 'post-copy', '--memory', '16MiB', '--workload', 'writer', '--bandwidth', '1Gbit', '--latency', '0.1ms', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const metrics = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const key of ['totalTimeMs', 'downtimeMs', 'pagesTransferred', 'guestPages', 'bytesTransferred', 'rounds', 'networkFaults', 'faultLatencyUs', 'integrity']) expect(metrics).toHaveProperty(key);
    expect(metrics.integrity).toBe('ok');
    expect(metrics.pagesTransferred).toBe(metrics.guestPages);
    expect(Object.keys(metrics.faultLatencyUs as object)).toEqual(['p50', 'p99', 'p999', 'max']);
  });

  it('refuses bad flags with exit code 2', async () => {
    const result = await runProclab(['migrate', '--strategy', 'teleport']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--strategy must be one of stop-copy, pre-copy, post-copy, hybrid/);
    const memory = await runProclab(['migrate', '--memory', '2GiB']);
    expect(memory.code).toBe(2);
    const push = await runProclab(['migrate', '--push-bandwidth', 'fast']);
    expect(push.code).toBe(2);
    expect(push.stderr).toMatch(/--push-bandwidth must look like 100Mbit, 1Gbit, 500MB\/s or unlimited, not "fast"/);
  });
});
