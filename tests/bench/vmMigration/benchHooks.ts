// Hooks and specs shared by the vm-migration benchmarks (run with `npx node tests/bench/vmMigration/<name>.ts`).
import { readFileSync } from 'node:fs';
import type { SessionHooks } from '../../../main/engines/vmMigration/migrationSession.ts';
import type { MigrationSpec } from '../../../main/engines/vmMigration/migrationSpec.ts';

export function benchHooks(): { hooks: SessionHooks; release(): Promise<void> } {
  const releases: (() => void | Promise<void>)[] = [];
  let seed = 7;
  return {
    hooks: {
      sample: () => undefined,
      event: () => undefined,
      log: () => undefined,
      random: () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 0x100000000;
      },
      signal: new AbortController().signal,
      defer: (_name, release) => releases.push(release),
    },
    async release() {
      for (const release of releases.reverse()) await release();
    },
  };
}

export function benchSpec(overrides: Partial<MigrationSpec> & Pick<MigrationSpec, 'strategy'>): MigrationSpec {
  return {
    name: overrides.strategy,
    memoryBytes: 64 * 1024 * 1024,
    pageSize: 4096,
    workload: { kind: 'writer', workingSetBytes: 16 * 1024 * 1024, dirtyPagesPerSecond: 0, pattern: 'uniform', fillFraction: 1, keyCount: 1000 },
    shape: { bandwidthBytesPerSecond: 0, latencyMs: 0 },
    strategyOptions: { maximumRounds: 30, downtimeLimitMs: 5, autoConverge: false, skipZeroPages: true, hybridRounds: 1, prePaging: true, pushBandwidthBytesPerSecond: 0, maximumMigrationMs: 120_000 },
    warmupMs: 500,
    afterMs: 300,
    clients: { connections: 4, requestsPerSecond: 1000, writeFraction: 0.2 },
    failure: 'none',
    failureAfterMs: 0,
    seed: 11,
    ...overrides,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The system's load averages (1, 5, 15 min) as /proc/loadavg gives them, or a note where there is
 * none: printed beside a bench's figures, since these machines are shared and a busy one moves them.
 */
export function loadAverages(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'not available on this system';
  }
}
