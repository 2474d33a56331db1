// Compares `proclab load` with wrk (Debian) against the same proclab event-driven server: rounds
// of 3 s at 50 connections, interleaved (and alternating which goes first) so both see the same
// machine state; both run as their own processes with one load thread each (wrk -t1; proclab's
// generator is one worker thread). proclab runs as a user runs it, with its default 500 ms
// warm-up left out of its figures (its JIT compiles meanwhile); wrk, compiled C, has none.
// Prints the throughput of each and their ratio. Run: npx node tests/bench/loadGeneratorVsWrk.ts [rounds]
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServerWorker } from '../../main/engines/architectures/servers/serverWorker.ts';
import { median } from './benchServers.ts';

const run = promisify(execFile);
const rounds = Math.min(10, Math.max(1, Number(process.argv[2] ?? 3)));
const connections = 50;
const durationSeconds = 3;
const bin = join(import.meta.dirname, '..', '..', 'bin', 'proclab.js');

async function wrkThroughput(url: string): Promise<number> {
  const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${durationSeconds}s`, url], { timeout: durationSeconds * 1000 + 10_000 });
  const match = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`cannot read wrk's output:\n${stdout}`);
  return Number(match[1]);
}

async function proclabThroughput(url: string): Promise<{ throughputRps: number; errors: number }> {
  const { stdout } = await run(process.execPath, [bin, 'load', url, '-c', String(connections), '-d', `${durationSeconds}s`, '--json'], {
    timeout: durationSeconds * 1000 + 20_000,
  });
  return JSON.parse(stdout) as { throughputRps: number; errors: number };
}

const wrkPresent = await run('wrk', ['--version']).then(
  () => true,
  // wrk --version exits with 1 after printing its version.
  (error: { stdout?: string }) => (error.stdout ?? '').includes('wrk'),
);
if (!wrkPresent) console.log("wrk is not installed: only proclab's generator is measured");

const server = startServerWorker({ architecture: 'event-driven', workload: { kind: 'io', serviceTimeMs: 0 }, responseSizeBytes: 256, port: 0 });
try {
  const url = `http://127.0.0.1:${await server.listening}/`;
  console.log(`event-driven server at ${url}; ${rounds} rounds of ${durationSeconds} s at ${connections} connections`);
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const wrkFirst = wrkPresent && round % 2 === 0;
    const theirsFirst = wrkFirst ? await wrkThroughput(url) : undefined;
    const ours = await proclabThroughput(url);
    const line = [`round ${round}: proclab load ${ours.throughputRps.toFixed(0)} req/s (${ours.errors} errors)`];
    if (wrkPresent) {
      const theirs = theirsFirst ?? (await wrkThroughput(url));
      ratios.push(ours.throughputRps / theirs);
      line.push(`wrk ${theirs.toFixed(0)} req/s`, `ratio proclab/wrk ${(ours.throughputRps / theirs).toFixed(2)}`);
    }
    console.log(line.join(', '));
  }
  if (ratios.length > 0) console.log(`median ratio proclab/wrk: ${median(ratios).toFixed(2)} (bar: 0.80)`);
} finally {
  await server.stop();
}
