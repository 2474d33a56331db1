import { availableParallelism } from 'node:os';
import type { RunMetrics } from '../../../preload/api.ts';
import type { Engine, EngineContext } from '../engine.ts';
import { architectureCharacteristics, architectureNames, type ArchitectureName } from './architectureCatalog.ts';
import { architecturesCharts } from './architecturesCharts.ts';
import type { ServerMeasurement, ServerSummary } from './architecturesMetrics.ts';
import { loadAverageNow } from './cpu/cpuAccounting.ts';
import { cpuScalingRows } from './cpu/cpuScaling.ts';
import { architecturesScenarioSchema, type ArchitecturesScenario } from './architecturesScenario.ts';
import { architecturesTables } from './architecturesTables.ts';
import { measurementPlan, sweepUnits } from './measurementPlan.ts';
import { measureServer } from './measureServer.ts';
import { calibrateComputation } from '../../workload/workload.ts';

/** Starting and stopping one server's threads, on top of its warm-up and window. */
const perServerOverheadMs = 800;
/** Child processes start slower than threads (a whole Node process each). */
const perProcessServerOverheadMs = 2500;

function overheadOf(architecture: ArchitectureName): number {
  return architecture === 'prefork' || architecture === 'process-per-request' ? perProcessServerOverheadMs : perServerOverheadMs;
}

/**
 * The lecture's table of characteristics, one row per architecture measured, with that
 * architecture's best measured throughput and p99 beside it (the first point of a sweep that
 * reached the best throughput), so the table and the evidence sit together.
 */
/**
 * The summary `proclab run --json` has always given per server (its shape is relied on by
 * scripts); everything else measured is in `measurements`.
 */
function serverSummary(measurement: ServerMeasurement): ServerSummary {
  const { p50, p90, p99, max } = measurement.latencyMs;
  return {
    name: measurement.name,
    architecture: measurement.architecture,
    requests: measurement.requests,
    throughputRps: measurement.throughputRps,
    latencyMs: { p50, p90, p99, max },
    errors: measurement.errors,
  };
}

function characteristicsTable(servers: readonly ServerMeasurement[]): Record<string, unknown>[] {
  const measured = architectureNames.filter((name) => servers.some((server) => server.architecture === name));
  return measured.map((architecture: ArchitectureName) => {
    const best = servers
      .filter((server) => server.architecture === architecture)
      .reduce((top, server) => (server.throughputRps > top.throughputRps ? server : top));
    return {
      architecture,
      ...architectureCharacteristics[architecture],
      measuredAs: best.name,
      throughputRps: best.throughputRps,
      latencyP99Ms: best.latencyMs.p99,
    };
  });
}

/**
 * The server architectures lab: real HTTP servers (iterative, thread per request, thread pool,
 * process per request, prefork, event-driven, event loop with a pool) on 127.0.0.1, each in its
 * own thread or processes, measured one after another under the same closed- or open-loop load,
 * optionally once per value of a swept parameter, beside a queueing model's prediction.
 */
export const architecturesEngine: Engine<typeof architecturesScenarioSchema> = {
  name: 'architectures',
  scenarioSchema: architecturesScenarioSchema,
  charts: architecturesCharts,
  tables: architecturesTables,

  estimateDurationMs(scenario: ArchitecturesScenario): number {
    const points = scenario.sweep.parameter === 'none' ? 1 : Math.max(1, scenario.sweep.values.length);
    return scenario.servers.reduce((total, server) => total + points * (scenario.load.warmup + scenario.load.duration + overheadOf(server.architecture)), 0);
  },

  async run(scenario: ArchitecturesScenario, context: EngineContext): Promise<RunMetrics> {
    const plan = measurementPlan(scenario);
    const measurements: ServerMeasurement[] = [];
    const loadAverageAtStart = loadAverageNow();
    const computeRoundsPerMs = calibrateComputation();
    context.log('info', `computation speed on this machine: ${Math.round(computeRoundsPerMs)} hash rounds per ms`);
    for (const [index, point] of plan.entries()) {
      if (context.signal.aborted) break;
      const metrics = await measureServer(point, context, { index, count: plan.length, computeRoundsPerMs });
      if (metrics !== undefined) measurements.push(metrics);
    }
    if (!context.signal.aborted) context.progress({ fraction: 1, phase: 'done' });
    const metrics: RunMetrics = {
      servers: measurements.map(serverSummary),
      measurements,
      characteristics: measurements.length > 0 ? characteristicsTable(measurements) : [],
      machine: { cores: availableParallelism(), ...(loadAverageAtStart === undefined ? {} : { loadAverageAtStart }) },
      cpuScaling: cpuScalingRows(measurements),
    };
    const { parameter } = scenario.sweep;
    if (parameter !== 'none') {
      metrics.sweep = { parameter, unit: sweepUnits[parameter] };
      // One point per measurement, named by its server, for the sweep charts.
      metrics.sweepPoints = measurements.map((server) => ({
        server: server.name.split(' ')[0],
        architecture: server.architecture,
        value: server.sweepValue,
        throughputRps: server.throughputRps,
        latencyMeanMs: server.latencyMs.mean,
        latencyP99Ms: server.latencyMs.p99,
        modelThroughputRps: server.model?.throughputRps ?? null,
        modelLatencyMeanMs: server.model?.latencyMeanMs ?? null,
        model: server.model?.model ?? null,
      }));
    }
    return metrics;
  },
};
