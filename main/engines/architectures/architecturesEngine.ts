import type { RunMetrics, ServerMetrics } from '../../../preload/api.ts';
import type { Engine, EngineContext } from '../engine.ts';
import { architecturesCharts } from './architecturesCharts.ts';
import { architecturesScenarioSchema, type ArchitecturesScenario } from './architecturesScenario.ts';
import { measureServer } from './measureServer.ts';
import { calibrateComputation } from './workload/workload.ts';

/** Starting and stopping one server's threads, on top of its warm-up and window. */
const perServerOverheadMs = 800;

/**
 * The server architectures lab: real HTTP servers (iterative, thread pool, event-driven) on
 * 127.0.0.1, each in its own thread, measured one after another under the same closed-loop load.
 */
export const architecturesEngine: Engine<typeof architecturesScenarioSchema> = {
  name: 'architectures',
  scenarioSchema: architecturesScenarioSchema,
  charts: architecturesCharts,

  estimateDurationMs(scenario: ArchitecturesScenario): number {
    return scenario.servers.length * (scenario.load.warmup + scenario.load.duration + perServerOverheadMs);
  },

  async run(scenario: ArchitecturesScenario, context: EngineContext): Promise<RunMetrics> {
    const servers: ServerMetrics[] = [];
    const computeRoundsPerMs = calibrateComputation();
    context.log('info', `computation speed on this machine: ${Math.round(computeRoundsPerMs)} hash rounds per ms`);
    for (const [index, server] of scenario.servers.entries()) {
      if (context.signal.aborted) break;
      const metrics = await measureServer(server, scenario, context, { index, count: scenario.servers.length, computeRoundsPerMs });
      if (metrics !== undefined) servers.push(metrics);
    }
    if (!context.signal.aborted) context.progress({ fraction: 1, phase: 'done' });
    return { servers };
  },
};
