// Dispatch policies on the same requests: every request a new connection (so the dispatcher
// chooses for each), objects drawn at random, half of them static. What each server did comes
// from the servers' own counts, their CPU from /proc.
import { latencySummary } from '../../measure/latencySummary.ts';
import { seededRandom } from '../../measure/seededRandom.ts';
import type { EngineContext } from '../engine.ts';
import type { DispatchMode, ServerSettings } from './clusterMessages.ts';
import { dispatcherHost, type RunningCluster } from './clusterControl.ts';
import { staticPrefix, type DispatchPolicy } from './dispatchPolicy.ts';
import type { LatencyMs } from './modesPhase.ts';
import { runPolicyRequests } from './policyClient.ts';
import { processDelta, snapshotProcess } from './procAccounting.ts';

export interface PolicyServerResult {
  server: string;
  requests: number;
  cacheHits: number;
  cacheHitRate: number;
  /** The server's CPU time over the policy's wall time (/proc/PID/stat, 10 ms resolution). */
  utilisation: number;
}

export interface PolicyResult {
  policy: DispatchPolicy;
  /** The busiest server's requests over the mean: 1 is a perfect balance. */
  imbalance: number;
  cacheHitRate: number;
  requests: number;
  errors: number;
  latencyMs: LatencyMs;
  servers: PolicyServerResult[];
}

export interface PoliciesPlan {
  policies: DispatchPolicy[];
  mode: DispatchMode;
  requests: number;
  concurrency: number;
  objects: number;
  server: ServerSettings;
  seed: number;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** The same targets for every policy: objects uniformly at random, every other one static. */
export function policyPaths(count: number, objects: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => `${random() < 0.5 ? staticPrefix : '/objects/'}${Math.floor(random() * objects)}`);
}

export async function runPolicies(cluster: RunningCluster, context: EngineContext, plan: PoliciesPlan, announce: (phase: string) => void, onDone: () => void): Promise<PolicyResult[]> {
  const paths = policyPaths(plan.requests, plan.objects, plan.seed);
  const results: PolicyResult[] = [];
  for (const policy of plan.policies) {
    if (context.signal.aborted) break;
    announce(`policy ${policy}`);
    await cluster.configure(plan.mode, policy, plan.server);
    await cluster.reset();
    const before = cluster.servers.map((server) => snapshotProcess(server.pid));
    const outcome = await runPolicyRequests({ host: dispatcherHost, port: cluster.port, paths, concurrency: plan.concurrency, timeoutMs: 5_000, signal: context.signal });
    const after = cluster.servers.map((server) => snapshotProcess(server.pid));
    const stats = await cluster.stats();
    const servers = stats.servers.map(
      (server, index): PolicyServerResult => ({
        server: `${server.host}`,
        requests: server.requests,
        cacheHits: server.cacheHits,
        cacheHitRate: roundTo(server.requests === 0 ? 0 : server.cacheHits / server.requests, 3),
        utilisation: roundTo(processDelta(before[index]!, after[index]!).cpuUs / 1000 / Math.max(1, outcome.elapsedMs), 3),
      }),
    );
    const served = servers.reduce((sum, server) => sum + server.requests, 0);
    const mean = served / Math.max(1, servers.length);
    const result: PolicyResult = {
      policy,
      imbalance: roundTo(mean === 0 ? 0 : Math.max(...servers.map((server) => server.requests)) / mean, 3),
      cacheHitRate: roundTo(served === 0 ? 0 : servers.reduce((sum, server) => sum + server.cacheHits, 0) / served, 3),
      requests: outcome.latenciesMs.length,
      errors: outcome.errors,
      latencyMs: latencySummary(outcome.latenciesMs),
      servers,
    };
    results.push(result);
    context.event('policy-measured', `${policy}: imbalance ${result.imbalance}, cache hit rate ${(result.cacheHitRate * 100).toFixed(1)}%`, { policy });
    onDone();
  }
  return results;
}
