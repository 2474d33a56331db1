import { availableParallelism } from 'node:os';
import type { RunMetrics } from '../../../preload/api.ts';
import type { Engine, EngineContext, ScenarioProblem } from '../engine.ts';
import { architectureCharacteristics, architectureNames, type ArchitectureName } from './architectureCatalog.ts';
import { architecturesCharts } from './architecturesCharts.ts';
import type { ServerMeasurement, ServerSummary } from './architecturesMetrics.ts';
import { loadAverageNow } from './cpu/cpuAccounting.ts';
import { cpuScalingRows } from './cpu/cpuScaling.ts';
import { architecturesScenarioSchema, type ArchitecturesScenario } from './architecturesScenario.ts';
import { architecturesTables } from './architecturesTables.ts';
import { architecturesHeadline } from './architecturesHeadline.ts';
import { parseLoadTarget } from './loadTarget.ts';
import { measurementPlan, sweepUnits } from './measurementPlan.ts';
import { measureServer } from './measureServer.ts';
import { serveWithoutLoad, type ServedMetrics } from './serveWithoutLoad.ts';
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
  headline: architecturesHeadline,

  checkScenario(scenario: ArchitecturesScenario): ScenarioProblem[] {
    const problems: ScenarioProblem[] = [];
    const { load, servers, sweep } = scenario;
    if (load.target === '') {
      if (servers.length === 0) problems.push({ path: 'servers', message: 'servers needs at least one server (or load.target, the address of one already running)' });
    } else {
      const target = parseLoadTarget(load.target);
      if ('problem' in target) problems.push({ path: 'load.target', message: target.problem });
      if (servers.length > 0) problems.push({ path: 'servers', message: 'servers must be left out when load.target names a server already running to load' });
      if (load.mode === 'none') problems.push({ path: 'load.mode', message: 'load.mode none sends no load, so there is nothing to do with load.target' });
      if (sweep.parameter === 'workers' || sweep.parameter === 'serviceTime') problems.push({ path: 'sweep.parameter', message: `sweep.parameter ${sweep.parameter} changes servers this scenario starts; a server already running (load.target) keeps its own` });
    }
    if (load.duration === 0 && (servers.length > 1 || sweep.parameter !== 'none')) {
      problems.push({ path: 'load.duration', message: 'load.duration 0 (until stopped) is for one server measured once: with more, the first would never end' });
    }
    if (load.mode === 'none' && sweep.parameter !== 'none') problems.push({ path: 'sweep.parameter', message: 'load.mode none sends no load, so there is nothing to sweep' });
    return problems;
  },

  estimateDurationMs(scenario: ArchitecturesScenario): number {
    const points = scenario.sweep.parameter === 'none' ? 1 : Math.max(1, scenario.sweep.values.length);
    // A run until stopped is estimated without its open-ended part.
    const warmup = scenario.load.mode === 'none' ? 0 : scenario.load.warmup;
    const perPoint = (overheadMs: number): number => points * (warmup + scenario.load.duration + overheadMs);
    if (scenario.load.target !== '') return perPoint(perServerOverheadMs);
    return scenario.servers.reduce((total, server) => total + perPoint(overheadOf(server.architecture)), 0);
  },

  async run(scenario: ArchitecturesScenario, context: EngineContext): Promise<RunMetrics> {
    const plan = measurementPlan(scenario);
    const measurements: ServerMeasurement[] = [];
    const served: ServedMetrics[] = [];
    const loadAverageAtStart = loadAverageNow();
    const computeRoundsPerMs = calibrateComputation();
    context.log(scenario.load.mode === 'none' ? 'debug' : 'info', `computation speed on this machine: ${Math.round(computeRoundsPerMs)} hash rounds per ms`);
    for (const [index, point] of plan.entries()) {
      if (context.signal.aborted) break;
      const slot = { index, count: plan.length, computeRoundsPerMs };
      if (scenario.load.mode === 'none' && point.server !== undefined) {
        const metrics = await serveWithoutLoad(point.server, point, context, slot);
        if (metrics !== undefined) served.push(metrics);
        continue;
      }
      const metrics = await measureServer(point, context, slot);
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
    if (scenario.load.mode === 'none') metrics.served = served;
    if (scenario.load.target !== '') metrics.target = scenario.load.target;
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
