// A server dies under load and comes back: an open-loop load through the dispatcher (every
// request a new connection, so every request is dispatched), one application server killed with
// SIGKILL a third of the way in, started again at two thirds. The dispatcher finds out by
// itself: a refused connect or a failed hand-over marks the server down at once, the periodic
// health check (a TCP connect) marks it down or up again.
import { runLoad } from '../../measure/httpLoad/runLoad.ts';
import { serverClustersEntryModules } from './serverClustersEntryModules.ts';
import { pause, within } from '../../toolkit/abortableWaits.ts';
import type { EngineContext } from '../engine.ts';
import type { DispatchMode, ServerSettings } from './clusterMessages.ts';
import { dispatcherHost, type ClusterEvent, type RunningCluster } from './clusterControl.ts';

export interface FailoverResult {
  mode: DispatchMode;
  offeredRps: number;
  requests: number;
  /** Requests that failed (reset, refused, timed out) during the whole load. */
  failedRequests: number;
  /** Of those, the ones in 50 ms intervals that ended after the kill. */
  failedAfterKill: number;
  /** From the kill to the dispatcher marking the server down (-1: it never did). */
  detectionMs: number;
  /** Why it was marked down. */
  detectedBy: string;
  /** From the kill to the end of the last 50 ms interval in which a request failed (0: none failed). */
  failuresEndedAfterMs: number;
  /** From the restart to the dispatcher sending to it again (-1: not within 5 s after the load). */
  rejoinedAfterMs: number;
  healthIntervalMs: number;
}

export interface FailoverPlan {
  mode: DispatchMode;
  rateRps: number;
  durationMs: number;
  healthIntervalMs: number;
  server: ServerSettings;
}

const sampleIntervalMs = 50;
const rejoinWaitMs = 5_000;

export async function runFailover(cluster: RunningCluster, context: EngineContext, plan: FailoverPlan): Promise<FailoverResult> {
  await cluster.configure(plan.mode, 'round-robin', { ...plan.server, requestsPerConnection: 1 });
  await cluster.reset();
  const victim = 0;
  let killedAt = Number.NaN;
  let restartedAt = Number.NaN;
  let detectionMs = -1;
  let detectedBy = '';
  let rejoinedAfterMs = -1;
  let markRejoined: () => void = () => undefined;
  const rejoined = new Promise<void>((resolve) => (markRejoined = resolve));
  cluster.onServerEvent((event: ClusterEvent) => {
    if (event.index !== victim) return;
    const now = performance.now();
    if (event.type === 'server-down' && Number.isFinite(killedAt) && detectionMs < 0) {
      detectionMs = now - killedAt;
      detectedBy = event.reason;
      context.event('server-down', `the dispatcher marked server ${victim + 1} down after ${detectionMs.toFixed(1)} ms (${event.reason})`, { index: victim });
    }
    if (event.type === 'server-up' && Number.isFinite(restartedAt) && rejoinedAfterMs < 0) {
      rejoinedAfterMs = now - restartedAt;
      markRejoined();
      context.event('server-up', `server ${victim + 1} rejoined ${rejoinedAfterMs.toFixed(1)} ms after its restart`, { index: victim });
    }
  });
  const failureTimes: { at: number; errors: number }[] = [];
  const startedAt = performance.now();
  const load = runLoad(
    serverClustersEntryModules.loadGenerator,
    { host: dispatcherHost, port: cluster.port, path: '/objects/2', mode: 'open', rateRps: plan.rateRps, connections: 32, durationMs: plan.durationMs, warmupMs: 0, timeoutMs: 2_000, sampleIntervalMs },
    (sample) => {
      context.sample('failover', { throughputRps: sample.throughputRps, errors: sample.errors });
      if (sample.errors > 0) failureTimes.push({ at: startedAt + sample.elapsedMs, errors: sample.errors });
    },
  );
  const abort = (): void => load.abort();
  context.signal.addEventListener('abort', abort);
  try {
    await pause(plan.durationMs / 3, context.signal);
    const pid = cluster.servers[victim]!.pid;
    killedAt = performance.now();
    process.kill(pid, 'SIGKILL');
    context.event('server-killed', `server ${victim + 1} (pid ${pid}) killed with SIGKILL`, { index: victim, pid });
    await pause(plan.durationMs / 3, context.signal);
    restartedAt = performance.now();
    if (!context.signal.aborted) {
      await cluster.restart(victim);
      context.event('server-restarted', `server ${victim + 1} started again (pid ${cluster.servers[victim]!.pid})`, { index: victim, pid: cluster.servers[victim]!.pid });
    }
    const result = await load.result;
    // A new process takes a while to start on a busy machine: wait a bounded time for it to rejoin.
    if (Number.isFinite(restartedAt)) await within(rejoined, rejoinWaitMs, context.signal);
    const afterKill = failureTimes.filter((failure) => failure.at >= killedAt);
    const lastFailure = Math.max(...afterKill.map((failure) => failure.at), killedAt);
    return {
      mode: plan.mode,
      offeredRps: plan.rateRps,
      requests: result.requests,
      failedRequests: result.errors,
      failedAfterKill: afterKill.reduce((sum, failure) => sum + failure.errors, 0),
      detectionMs: Math.round(detectionMs * 10) / 10,
      detectedBy,
      failuresEndedAfterMs: Math.round(lastFailure - killedAt),
      rejoinedAfterMs: Math.round(rejoinedAfterMs * 10) / 10,
      healthIntervalMs: plan.healthIntervalMs,
    };
  } finally {
    context.signal.removeEventListener('abort', abort);
  }
}
