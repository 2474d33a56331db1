import type { RunMetrics } from '../../../preload/api.ts';
import { EngineFailure, type Engine, type EngineContext, type ScenarioProblem } from '../engine.ts';
import { keyTableBytes } from './guest/keyValueStore.ts';
import { formatSizeBytes } from '../../scenario/units.ts';
import type { MigrationMetrics } from './migrationSpec.ts';
import { GuestMemoryPair } from './guest/guestMemoryPair.ts';
import { runMigrationSession } from './migrationSession.ts';
import { estimateMigrationMs, migrationSpecsOf } from './scenarioToSpec.ts';
import { vmMigrationCharts } from './vmMigrationCharts.ts';
import { vmMigrationTables } from './vmMigrationTables.ts';
import { vmMigrationHeadline } from './vmMigrationHeadline.ts';
import { vmMigrationScenarioSchema, type VmMigrationScenario } from './vmMigrationScenario.ts';

/**
 * Live VM migration: each strategy migrates a fresh copy of the same guest (same seed, same
 * memory) between two host threads, one after another, so they are compared side by side.
 */
export const vmMigrationEngine: Engine<typeof vmMigrationScenarioSchema> = {
  name: 'vm-migration',
  scenarioSchema: vmMigrationScenarioSchema,
  charts: vmMigrationCharts,
  tables: vmMigrationTables,
  headline: vmMigrationHeadline,

  checkScenario(scenario: VmMigrationScenario): ScenarioProblem[] {
    const { guest } = scenario;
    if (guest.workload !== 'kv-server' || keyTableBytes(guest.keys) <= guest.memory) return [];
    return [{ path: 'guest.keys', message: `guest.keys: ${guest.keys} keys take ${formatSizeBytes(keyTableBytes(guest.keys))} of guest memory, more than guest.memory (${formatSizeBytes(guest.memory)})` }];
  },

  estimateDurationMs(scenario: VmMigrationScenario): number {
    return migrationSpecsOf(scenario, 0).reduce((sum, spec) => sum + estimateMigrationMs(spec), 0);
  },

  async run(scenario: VmMigrationScenario, context: EngineContext): Promise<RunMetrics> {
    const specs = migrationSpecsOf(scenario, context.seed);
    const strategies: MigrationMetrics[] = [];
    // Every strategy migrates the same guest: one pair of memory copies serves them all.
    const memory = specs.length === 0 ? undefined : new GuestMemoryPair(specs[0]!.memoryBytes, specs[0]!.pageSize);
    for (const [index, spec] of specs.entries()) {
      if (context.signal.aborted) break;
      context.progress({ fraction: index / specs.length, phase: `migrating with ${spec.name}` });
      try {
        const metrics = await runMigrationSession(spec, {
          sample: (series, values) => context.sample(series, values),
          event: (kind, message, data) => context.event(kind, message, data),
          log: (level, message) => context.log(level, message),
          random: () => context.random(),
          signal: context.signal,
          defer: (name, release) => context.defer(name, release),
        }, memory);
        strategies.push(metrics);
        context.log(metrics.outcome === 'completed' ? 'info' : 'warn', `${spec.name}: ${metrics.outcome}, downtime ${metrics.downtimeMs} ms, total ${metrics.totalTimeMs} ms, integrity ${metrics.integrity}`);
      } catch (error) {
        if (context.signal.aborted) break;
        throw new EngineFailure(`${spec.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (!context.signal.aborted) context.progress({ fraction: 1, phase: 'done' });
    // The distributions go to one list of their own (the chart's), not into each strategy's row.
    return {
      strategies: strategies.map(({ faultLatencyDistribution: _distribution, ...row }) => row),
      faultLatencyDistribution: strategies.flatMap((metrics) => metrics.faultLatencyDistribution),
    };
  },
};
