import { pause } from '../../toolkit/abortableWaits.ts';
import { EngineFailure, type EngineContext } from '../engine.ts';
import { architectureCharacteristics, architectureDescriptions } from './architectureCatalog.ts';
import type { ServerScenario } from './architecturesScenario.ts';
import { startLabServer, type LabServerSlot } from './labServer.ts';
import type { MeasurementPoint } from './measurementPlan.ts';
import type { ServerStats } from './servers/serverArchitecture.ts';

/** How often a server without a load tells what it has done (on the timeline, and so the terminal). */
const statsEventIntervalMs = 5_000;

/** What a server without a load from proclab did while it listened: its own counters. */
export interface ServedMetrics extends ServerStats {
  name: string;
  architecture: string;
  port: number;
  url: string;
  /** How long it listened. */
  servedMs: number;
}

export function describeServerStats(stats: ServerStats): string {
  const started = stats.processesStarted !== undefined ? `, ${stats.processesStarted} processes started` : stats.threadsStarted !== undefined ? `, ${stats.threadsStarted} threads started` : '';
  return `${stats.requestsServed} requests served, ${stats.connections} connections open, ${stats.queueLength} waiting${started}`;
}

/**
 * `load.mode: none`: starts the point's server on its port and lets it answer whoever connects,
 * for `load.duration`, or until the run is stopped when that is 0.
 */
export async function serveWithoutLoad(server: ServerScenario, point: MeasurementPoint, context: EngineContext, slot: LabServerSlot): Promise<ServedMetrics | undefined> {
  const { seriesName, scenario } = point;
  context.progress({ fraction: slot.index / slot.count, phase: `starting ${seriesName}` });
  const started = await startLabServer(server, point, context, slot, 250);
  if (started === undefined) return undefined;
  const url = `http://127.0.0.1:${started.port}/`;
  const traits = architectureCharacteristics[server.architecture];
  context.log('info', `${architectureDescriptions[server.architecture]} (${traits.model}: parallelism ${traits.parallelism}; ${traits.systemCalls} system calls; ${traits.dataSpace} data space)`);
  context.event('server-listening', `${server.architecture} server listening on ${url}`, { name: seriesName, architecture: server.architecture, port: started.port, url });
  const listeningAt = context.now();

  const sampleStats = (): void => {
    const stats = started.latestStats();
    if (stats !== undefined) context.sample(seriesName, { requestsServed: stats.requestsServed, connections: stats.connections, queueLength: stats.queueLength });
  };
  const sampler = setInterval(sampleStats, 1_000);
  const reporter = setInterval(() => {
    const stats = started.latestStats();
    if (stats !== undefined) context.event('server-stats', describeServerStats(stats), { name: seriesName, ...stats });
  }, statsEventIntervalMs);
  const untilStopped = scenario.load.duration === 0;
  context.progress({ fraction: (slot.index + 0.5) / slot.count, phase: untilStopped ? `serving on ${url} until stopped` : `serving on ${url}` });
  try {
    const done = untilStopped ? context.untilStopped() : pause(scenario.load.duration, context.signal);
    const outcome = await Promise.race([done.then(() => 'done' as const), started.worker.failed]);
    if (outcome !== 'done') throw new EngineFailure(`${started.label} failed: ${outcome.message}`);
  } finally {
    clearInterval(sampler);
    clearInterval(reporter);
  }
  sampleStats();
  const stats: ServerStats = started.latestStats() ?? { connections: 0, queueLength: 0, requestsServed: 0 };
  await started.worker.stop();
  context.event('server-stopped', `${started.label} stopped after ${describeServerStats(stats)}`, { name: seriesName, ...stats });
  return { name: seriesName, architecture: server.architecture, port: started.port, url, servedMs: Math.round(context.now() - listeningAt), ...stats };
}
