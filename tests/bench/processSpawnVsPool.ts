// Per-connection process spawning against a pre-spawned pool: every request on a new connection
// (Connection: close after one response), no work of its own, so what is measured is what it
// costs to get a connection served: forking a Node process for it (process-per-request, as
// inetd nowait) or handing it to a child started in advance (prefork). Threads likewise:
// a new thread per request against a thread pool. Interleaved rounds; prints connections per
// second and ratios. Run: npx node tests/bench/processSpawnVsPool.ts [rounds]
import { measureOnce, median } from './benchServers.ts';

const rounds = Math.min(10, Math.max(1, Number(process.argv[2] ?? 3)));
const workload = { kind: 'io' as const, serviceTimeMs: 0 };
const load = { connections: 4, durationMs: 5000, warmupMs: 500, timeoutMs: 20_000 };
const common = { workload, responseSizeBytes: 256, port: 0, requestsPerConnection: 1, workers: 4 };

console.log(`one request per connection, no work, ${load.connections} clients, ${rounds} rounds of ${load.durationMs / 1000} s`);
const processRatios: number[] = [];
const threadRatios: number[] = [];
for (let round = 1; round <= rounds; round += 1) {
  const perConnection = await measureOnce({ ...common, architecture: 'process-per-request' }, load);
  const prefork = await measureOnce({ ...common, architecture: 'prefork' }, load);
  const perRequestThread = await measureOnce({ ...common, architecture: 'thread-per-request' }, load);
  const pool = await measureOnce({ ...common, architecture: 'thread-pool' }, load);
  processRatios.push(prefork.result.throughputRps / perConnection.result.throughputRps);
  threadRatios.push(pool.result.throughputRps / perRequestThread.result.throughputRps);
  console.log(
    `round ${round}: process per connection ${perConnection.result.throughputRps.toFixed(1)} conn/s (${perConnection.processesStarted ?? '?'} processes forked), ` +
      `prefork pool ${prefork.result.throughputRps.toFixed(1)} conn/s; ` +
      `thread per request ${perRequestThread.result.throughputRps.toFixed(1)} req/s (${perRequestThread.threadsStarted ?? '?'} threads), thread pool ${pool.result.throughputRps.toFixed(1)} req/s`,
  );
}
const ratio = (values: number[]): string => (values.every(Number.isFinite) ? median(values).toFixed(1) : 'unbounded (a round completed no connection)');
console.log(`median ratio prefork/process-per-connection: ${ratio(processRatios)}; thread-pool/thread-per-request: ${ratio(threadRatios)}`);
