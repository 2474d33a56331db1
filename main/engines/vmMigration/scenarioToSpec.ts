// From a parsed scenario (or the CLI's flags, through the same shape) to one MigrationSpec per strategy.
import { parseBandwidth } from './linkShapeText.ts';
import type { MigrationSpec } from './migrationSpec.ts';
import type { VmMigrationScenario } from './vmMigrationScenario.ts';

export function migrationSpecsOf(scenario: VmMigrationScenario, seed: number): MigrationSpec[] {
  const guest = scenario.guest;
  return scenario.strategies.map((entry) => ({
    name: entry.name,
    strategy: entry.strategy,
    memoryBytes: guest.memory,
    pageSize: guest.pageSize,
    workload: {
      kind: guest.workload,
      workingSetBytes: Math.min(guest.workingSet, guest.memory),
      dirtyPagesPerSecond: guest.dirtyRate,
      pattern: guest.pattern,
      fillFraction: guest.fill,
      keyCount: guest.keys,
    },
    shape: { bandwidthBytesPerSecond: parseBandwidth(scenario.link.bandwidth) ?? 0, latencyMs: scenario.link.latency },
    strategyOptions: {
      maximumRounds: entry.maxRounds,
      downtimeLimitMs: entry.downtimeLimit,
      autoConverge: entry.autoConverge,
      skipZeroPages: entry.skipZeroPages,
      hybridRounds: entry.hybridRounds,
      prePaging: entry.prePaging,
      pushBandwidthBytesPerSecond: parseBandwidth(entry.pushBandwidth) ?? 0,
      maximumMigrationMs: scenario.timing.timeout,
    },
    warmupMs: scenario.timing.warmup,
    afterMs: scenario.timing.after,
    clients: { connections: scenario.clients.connections, requestsPerSecond: scenario.clients.rate, writeFraction: scenario.clients.writeFraction },
    failure: scenario.failure.kind,
    failureAfterMs: scenario.failure.after,
    seed,
  }));
}

/** A rough duration: warm-up, after, and the time to send memory about 1.5 times at the link's rate. */
export function estimateMigrationMs(spec: MigrationSpec): number {
  const bandwidth = spec.shape.bandwidthBytesPerSecond > 0 ? spec.shape.bandwidthBytesPerSecond : 400e6;
  const initialiseMs = spec.memoryBytes / 1e6; // filling memory at about 1 GB/s
  return spec.warmupMs + spec.afterMs + initialiseMs + (1.5 * spec.memoryBytes * 1000) / bandwidth + 500;
}
