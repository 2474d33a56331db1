// Scaling out the second tier: the same open-loop rate through the dispatcher with 1, 2, … of the
// application servers in use. Each request blocks its server for the service time (a blocking
// call, as a server that waits on a slow backend with one thread), so one server answers at most
// 1000 / serviceTime requests per second, and more servers are what more throughput takes.
import { HdrHistogram } from '../../measure/hdrHistogram.ts';
import { runLoad } from '../../measure/httpLoad/runLoad.ts';
import type { EngineContext } from '../engine.ts';
import type { ServerSettings } from './clusterMessages.ts';
import { dispatcherHost, type RunningCluster } from './clusterControl.ts';
import { latencyOf } from './modesPhase.ts';
import { serverClustersEntryModules } from './serverClustersEntryModules.ts';

export interface ScalingPoint {
  servers: number;
  offeredRps: number;
  /** Responses that arrived within the measured window, per second. */
  throughputRps: number;
  p99Ms: number;
  errors: number;
  /** What one server can answer, 1000 / service time: the throughput the servers allow. */
  capacityRps: number;
}

export interface ScalingPlan {
  counts: number[];
  rateRps: number;
  serviceTimeMs: number;
  durationMs: number;
  server: ServerSettings;
}

export async function runScaling(cluster: RunningCluster, context: EngineContext, plan: ScalingPlan, announce: (phase: string) => void, onDone: () => void): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  for (const servers of plan.counts) {
    if (context.signal.aborted) break;
    announce(`${servers} application server${servers === 1 ? '' : 's'}`);
    await cluster.configure('handoff', 'least-connections', { ...plan.server, requestsPerConnection: 1, workload: { kind: 'blocking-io', serviceTimeMs: plan.serviceTimeMs } }, servers);
    // Answers that arrived within the window: an open loop's requests that a slow cluster answers
    // after the window are late, and counting them would make every cluster look as fast as the rate.
    let answeredInWindow = 0;
    const load = runLoad(
      serverClustersEntryModules.loadGenerator,
      { host: dispatcherHost, port: cluster.port, path: '/objects/3', mode: 'open', rateRps: plan.rateRps, connections: 64, durationMs: plan.durationMs, warmupMs: 200, timeoutMs: 3_000 },
      (sample) => {
        context.sample(`scaling ${servers}`, { throughputRps: sample.throughputRps, latencyP99Ms: sample.latencyP99Ms });
        if (sample.elapsedMs <= plan.durationMs + 1) answeredInWindow += sample.requests;
      },
    );
    const abort = (): void => load.abort();
    context.signal.addEventListener('abort', abort);
    try {
      const result = await load.result;
      const capacityRps = plan.serviceTimeMs > 0 ? Math.round((servers * 1000) / plan.serviceTimeMs) : 0;
      points.push({ servers, offeredRps: plan.rateRps, throughputRps: Math.round((answeredInWindow * 10_000) / plan.durationMs) / 10, p99Ms: latencyOf(HdrHistogram.fromSerialized(result.histogram)).p99, errors: result.errors, capacityRps });
    } finally {
      context.signal.removeEventListener('abort', abort);
    }
    onDone();
  }
  return points;
}
