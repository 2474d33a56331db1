// cpu-bound handler: a pre-forked pool of one child per core against the iterative server, in
// interleaved rounds so both see the same machine state; prints the throughput of each and their
// ratio (ideal: the number of cores, less whatever else the machine runs, the load generator
// included). Run: npx node tests/bench/cpuPreforkVsIterative.ts [rounds]
import { availableParallelism } from 'node:os';
import { calibrateComputation } from '../../main/workload/workload.ts';
import { measureOnce, median } from './benchServers.ts';

const rounds = Math.min(10, Math.max(1, Number(process.argv[2] ?? 3)));
const cores = availableParallelism();
const workload = { kind: 'cpu' as const, serviceTimeMs: 10, computeRoundsPerMs: calibrateComputation() };
const load = { connections: 8, durationMs: 3000, warmupMs: 500, timeoutMs: 10_000 };

console.log(`cpu work of 10 ms per request, ${load.connections} clients, ${rounds} rounds of ${load.durationMs / 1000} s; ${cores} cores; prefork with ${cores} children`);
const ratios: number[] = [];
for (let round = 1; round <= rounds; round += 1) {
  const iterative = await measureOnce({ architecture: 'iterative', workload, responseSizeBytes: 256, port: 0 }, load);
  const prefork = await measureOnce({ architecture: 'prefork', workload, responseSizeBytes: 256, port: 0, workers: cores }, load);
  const ratio = prefork.result.throughputRps / iterative.result.throughputRps;
  ratios.push(ratio);
  console.log(
    `round ${round}: iterative ${iterative.result.throughputRps.toFixed(1)} req/s, prefork ${prefork.result.throughputRps.toFixed(1)} req/s, ratio prefork/iterative ${ratio.toFixed(2)} (errors ${iterative.result.errors}/${prefork.result.errors})`,
  );
}
console.log(`median ratio prefork/iterative: ${median(ratios).toFixed(2)} (ideal ${cores}.00 on an idle machine)`);
