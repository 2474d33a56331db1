// Scaling out the second tier: the same open-loop rate through the dispatcher with 1, 2, … of the
// application servers in use. Each request blocks its server for the service time (a blocking
// call, as a server that waits on a slow backend with one thread), so one server answers at most
// 1000 / serviceTime requests per second, and more servers are what more throughput takes.
import { HdrHistogram } from '../../measure/hdrHistogram.ts';
import { runLoad } from '../../measure/httpLoad/runLoad.ts';
import { pause } from '../../toolkit/abortableWaits.ts';
import type { EngineContext } from '../engine.ts';
import type { DataServerStats, ServerSettings } from './clusterMessages.ts';
import { dispatcherHost, type RunningCluster } from './clusterControl.ts';
import { latencyOf } from './modesPhase.ts';
import { serverClustersEntryModules } from './serverClustersEntryModules.ts';

export interface ScalingPoint {
  servers: number;
  offeredRps: number;
  /** Requests the servers answered during the measured window, per second (their own counts). */
  throughputRps: number;
  p99Ms: number;
  errors: number;
  /** What the servers in use can answer, servers × 1000 / service time. */
  capacityRps: number;
  /** What the data tier can answer, concurrency × 1000 / queryTime (null: no limit). */
  dataTierCapacityRps: number | null;
  /** The least of the offered rate, the servers' and the data tier's capacity: what the cluster should answer. */
  modelRps: number;
  /** As the data server counted during the window: queries answered per second, the share of its slots' time in use, and how long a query waited for a slot. */
  dataQueriesPerSecond: number;
  dataTierUtilisation: number | null;
  dataQueueWaitMs: number;
}

export interface ScalingPlan {
  counts: number[];
  rateRps: number;
  serviceTimeMs: number;
  durationMs: number;
  server: ServerSettings;
  dataTier: { concurrency: number; queryTimeMs: number };
}

const warmupMs = 200;

interface Counted {
  at: number;
  requests: number;
  data: DataServerStats;
}

export async function runScaling(cluster: RunningCluster, context: EngineContext, plan: ScalingPlan, announce: (phase: string) => void, onDone: () => void): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  for (const servers of plan.counts) {
    if (context.signal.aborted) break;
    announce(`${servers} application server${servers === 1 ? '' : 's'}`);
    await cluster.configure('handoff', 'least-connections', { ...plan.server, cacheObjects: 0, requestsPerConnection: 1, workload: { kind: 'blocking-io', serviceTimeMs: plan.serviceTimeMs } }, servers);
    // Throughput is what the servers answered during the window, by their own counts: an open
    // loop's requests that a slow cluster answers after the window are late, and counting them
    // would make every cluster look as fast as the rate.
    const served = async (): Promise<Counted> => {
      const [stats, data] = await Promise.all([cluster.stats(), cluster.dataStats()]);
      return { at: performance.now(), requests: stats.servers.reduce((sum, member) => sum + member.requests, 0), data };
    };
    let windowStart: Promise<Counted> | undefined;
    let windowEnd: Promise<Counted> | undefined;
    const startTimer = setTimeout(() => (windowStart = served()), warmupMs);
    const endTimer = setTimeout(() => (windowEnd = served()), warmupMs + plan.durationMs);
    const load = runLoad(
      serverClustersEntryModules.loadGenerator,
      { host: dispatcherHost, port: cluster.port, path: '/objects/3', mode: 'open', rateRps: plan.rateRps, connections: 64, durationMs: plan.durationMs, warmupMs, timeoutMs: 3_000 },
      (sample) => context.sample(`scaling ${servers}`, { throughputRps: sample.throughputRps, latencyP99Ms: sample.latencyP99Ms }),
    );
    const abort = (): void => load.abort();
    context.signal.addEventListener('abort', abort);
    try {
      const result = await load.result;
      const [first, last] = await Promise.all([windowStart ?? served(), windowEnd ?? served()]);
      const answeredPerSecond = last.at > first.at ? ((last.requests - first.requests) * 1000) / (last.at - first.at) : 0;
      const capacityRps = plan.serviceTimeMs > 0 ? Math.round((servers * 1000) / plan.serviceTimeMs) : 0;
      // A server left with a backlog would start the next point busy: wait (bounded) until the servers' counts stop moving.
      for (let check = 0, previous = -1; check < 30 && !context.signal.aborted; check += 1) {
        const now = (await served()).requests;
        if (now === previous) break;
        previous = now;
        await pause(100, context.signal);
      }
      const dataTierCapacityRps = plan.dataTier.concurrency > 0 && plan.dataTier.queryTimeMs > 0 ? Math.round((plan.dataTier.concurrency * 1000) / plan.dataTier.queryTimeMs) : null;
      const windowMs = Math.max(1, last.at - first.at);
      const queries = last.data.queries - first.data.queries;
      points.push({
        servers,
        offeredRps: plan.rateRps,
        throughputRps: Math.round(answeredPerSecond * 10) / 10,
        p99Ms: latencyOf(HdrHistogram.fromSerialized(result.histogram)).p99,
        errors: result.errors,
        capacityRps,
        dataTierCapacityRps,
        modelRps: Math.min(plan.rateRps, capacityRps > 0 ? capacityRps : Number.POSITIVE_INFINITY, dataTierCapacityRps ?? Number.POSITIVE_INFINITY),
        dataQueriesPerSecond: Math.round((queries * 1000 * 10) / windowMs) / 10,
        dataTierUtilisation: last.data.slots > 0 ? Math.round(((last.data.busySlotMs - first.data.busySlotMs) / (last.data.slots * windowMs)) * 1000) / 1000 : null,
        dataQueueWaitMs: Math.round(((last.data.queueWaitMs - first.data.queueWaitMs) / Math.max(1, queries)) * 10) / 10,
      });
    } finally {
      clearTimeout(startTimer);
      clearTimeout(endTimer);
      context.signal.removeEventListener('abort', abort);
    }
    onDone();
  }
  return points;
}
