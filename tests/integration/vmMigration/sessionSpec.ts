// Small migrations for tests: 16-32 MiB guests, short warm-up, a bounded migration.
import type { StrategyName } from '../../../main/engines/vmMigration/hosts/hostMessages.ts';
import type { WorkloadOptions } from '../../../main/engines/vmMigration/guest/guestWorkload.ts';
import type { MigrationSpec } from '../../../main/engines/vmMigration/migrationSpec.ts';
import type { SessionHooks } from '../../../main/engines/vmMigration/migrationSession.ts';

export function testSpec(strategy: StrategyName, workload: Partial<WorkloadOptions> = {}, overrides: Partial<MigrationSpec> = {}): MigrationSpec {
  return {
    name: strategy,
    strategy,
    memoryBytes: 16 * 1024 * 1024,
    pageSize: 4096,
    workload: { kind: 'writer', workingSetBytes: 4 * 1024 * 1024, dirtyPagesPerSecond: 0, pattern: 'uniform', fillFraction: 1, keyCount: 1000, ...workload },
    shape: { bandwidthBytesPerSecond: 0, latencyMs: 0 },
    strategyOptions: { maximumRounds: 8, downtimeLimitMs: 5, autoConverge: false, skipZeroPages: true, hybridRounds: 1, prePaging: true, pushBandwidthBytesPerSecond: 0, maximumMigrationMs: 30_000 },
    warmupMs: 300,
    afterMs: 300,
    clients: { connections: 2, requestsPerSecond: 400, writeFraction: 0.3 },
    failure: 'none',
    failureAfterMs: 0,
    seed: 42,
    ...overrides,
  };
}

export interface RecordedHooks {
  hooks: SessionHooks;
  samples: { series: string; values: Record<string, number> }[];
  events: { kind: string; message: string; data?: Record<string, unknown> }[];
  releaseAll(): Promise<void>;
}

export function recordingHooks(): RecordedHooks {
  const samples: RecordedHooks['samples'] = [];
  const events: RecordedHooks['events'] = [];
  const releases: (() => void | Promise<void>)[] = [];
  let seed = 12345;
  const controller = new AbortController();
  return {
    samples,
    events,
    hooks: {
      sample: (series, values) => samples.push({ series, values }),
      event: (kind, message, data) => events.push({ kind, message, ...(data === undefined ? {} : { data }) }),
      log: () => undefined,
      random: () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 0x100000000;
      },
      signal: controller.signal,
      defer: (_name, release) => releases.push(release),
    },
    async releaseAll() {
      for (const release of releases.reverse()) await release();
    },
  };
}
