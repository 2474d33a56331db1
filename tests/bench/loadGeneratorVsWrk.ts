// Compares proclab's closed-loop load generator with wrk against the event-driven server:
// rounds of 2 s at 50 connections, interleaved so both see the same machine state; prints the
// throughput of each and their ratio. Run: npx node tests/bench/loadGeneratorVsWrk.ts [rounds]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runClosedLoad } from '../../main/engines/architectures/load/runClosedLoad.ts';
import { startServerWorker } from '../../main/engines/architectures/servers/serverWorker.ts';

const run = promisify(execFile);
const rounds = Math.min(10, Math.max(1, Number(process.argv[2] ?? 3)));
const connections = 50;
const durationMs = 2000;

async function wrkThroughput(port: number): Promise<number> {
  const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${durationMs / 1000}s`, `http://127.0.0.1:${port}/`], { timeout: durationMs + 10_000 });
  const match = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`cannot read wrk's output:\n${stdout}`);
  return Number(match[1]);
}

const wrkPresent = await run('wrk', ['--version']).then(
  () => true,
  // wrk --version exits with 1 after printing its version.
  (error: { stdout?: string }) => (error.stdout ?? '').includes('wrk'),
);
if (!wrkPresent) console.log('wrk is not installed: only proclab\'s generator is measured');

const server = startServerWorker({ architecture: 'event-driven', workload: { kind: 'io', serviceTimeMs: 0 }, responseSizeBytes: 256, port: 0 });
try {
  const port = await server.listening;
  console.log(`event-driven server on 127.0.0.1:${port}; ${rounds} rounds of ${durationMs / 1000} s at ${connections} connections`);
  for (let round = 1; round <= rounds; round += 1) {
    const ours = await runClosedLoad({ port, connections, durationMs, warmupMs: 200, timeoutMs: 5000 }).result;
    const line = [`round ${round}: proclab ${ours.throughputRps.toFixed(0)} req/s (${ours.errors} errors)`];
    if (wrkPresent) {
      const theirs = await wrkThroughput(port);
      line.push(`wrk ${theirs.toFixed(0)} req/s`, `ratio proclab/wrk ${(ours.throughputRps / theirs).toFixed(2)}`);
    }
    console.log(line.join(', '));
  }
} finally {
  await server.stop();
}
