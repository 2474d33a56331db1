// `serve.mode: relay|handoff`: the cluster runs and answers whoever connects, for `serve.duration`
// or until stopped; its counters go to the timeline every 5 s and to the metrics at the end.
import { pause } from '../../toolkit/abortableWaits.ts';
import type { EngineContext } from '../engine.ts';
import type { DispatcherStats, DispatchMode } from './clusterMessages.ts';
import { dispatcherHost, type RunningCluster } from './clusterControl.ts';
import type { DispatchPolicy } from './dispatchPolicy.ts';

const statsEventIntervalMs = 5_000;

export interface ServedCluster {
  mode: DispatchMode;
  policy: DispatchPolicy;
  url: string;
  servedMs: number;
  connectionsAccepted: number;
  /** Bytes the dispatcher read from client and server sockets. */
  dispatcherBytes: number;
  requestsServed: number;
}

export function describeServed(stats: DispatcherStats): string {
  const requests = stats.servers.reduce((sum, server) => sum + server.requests, 0);
  return `${stats.connectionsAccepted} connections accepted, ${requests} requests served (${stats.servers.map((server) => server.requests).join(' / ')}), ${stats.clientBytesIn + stats.serverBytesIn} bytes through the dispatcher`;
}

export async function serveCluster(cluster: RunningCluster, context: EngineContext, mode: DispatchMode, policy: DispatchPolicy, durationMs: number): Promise<ServedCluster> {
  const url = `http://${dispatcherHost}:${cluster.port}/`;
  context.event('cluster-listening', `${mode} dispatcher (${policy}) on ${url}objects/N, servers on ${cluster.servers.map((server) => `${server.host}:${server.port}`).join(', ')}`, { url, mode, policy });
  const startedAt = context.now();
  const reporter = setInterval(() => {
    void cluster.stats().then(
      (stats) => context.event('cluster-stats', describeServed(stats)),
      () => undefined,
    );
  }, statsEventIntervalMs);
  try {
    const done = durationMs === 0 ? context.untilStopped() : pause(durationMs, context.signal);
    await Promise.race([done, cluster.dispatcher.failed]);
  } finally {
    clearInterval(reporter);
  }
  const stats = await cluster.stats();
  return {
    mode,
    policy,
    url,
    servedMs: Math.round(context.now() - startedAt),
    connectionsAccepted: stats.connectionsAccepted,
    dispatcherBytes: stats.clientBytesIn + stats.serverBytesIn,
    requestsServed: stats.servers.reduce((sum, server) => sum + server.requests, 0),
  };
}
