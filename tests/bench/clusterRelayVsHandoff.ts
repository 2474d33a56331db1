// The server clusters lab's bars, measured with peer tools on this machine:
// 1. 256 KiB responses through the dispatcher, relay against handoff, on the same cluster with the
//    same wrk load (interleaved rounds): handoff's dispatcher carries at most 1% of the bytes
//    relay's does, and handoff's throughput is at least 1.3× relay's (medians).
// 2. The relay's byte-copying path against a bare loopback TCP copy between two processes: one
//    64 MiB response fetched with curl straight from an application server and through the
//    relaying dispatcher (interleaved): the relayed bytes per second at least 0.5× the direct.
// Run: npx node tests/bench/clusterRelayVsHandoff.ts [rounds]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dispatcherHost, startCluster } from '../../main/engines/serverClusters/clusterControl.ts';
import type { ServerSettings } from '../../main/engines/serverClusters/clusterMessages.ts';
import { median } from './benchServers.ts';

const run = promisify(execFile);
const rounds = Math.min(15, Math.max(1, Number(process.argv[2] ?? 5)));
const throughputBar = 1.3;
const bytesBar = 0.01;
const copyBar = 0.5;
const responseSizeBytes = 256 * 1024;
const copySizeBytes = 64 * 1024 * 1024;

const server: ServerSettings = { responseSizeBytes, requestsPerConnection: 10, workload: { kind: 'io', serviceTimeMs: 0 }, cacheObjects: 16, objects: 64 };
const cluster = await startCluster({ servers: 4, objects: 64, port: 0, mode: 'relay', policy: 'round-robin', healthIntervalMs: 100, loadReportIntervalMs: 250, server, seed: 1 });

async function wrkRequestsPerSecond(url: string): Promise<number> {
  const { stdout } = await run('wrk', ['-t1', '-c8', '-d1s', '--timeout', '5s', url], { timeout: 20_000 });
  const match = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`wrk printed no rate:\n${stdout}`);
  return Number(match[1]);
}

async function curlBytesPerSecond(url: string): Promise<number> {
  const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{size_download} %{speed_download}', url], { timeout: 60_000 });
  const [size, speed] = stdout.trim().split(' ').map(Number);
  if (size !== copySizeBytes) throw new Error(`curl fetched ${size} bytes, not ${copySizeBytes}`);
  return speed!;
}

async function dispatcherBytes(): Promise<number> {
  const stats = await cluster.stats();
  return stats.clientBytesIn + stats.serverBytesIn;
}

try {
  const url = `http://${dispatcherHost}:${cluster.port}/objects/1`;
  const ratios: number[] = [];
  const byteRatios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const measured: Record<string, { rps: number; bytes: number }> = {};
    for (const mode of round % 2 === 0 ? (['relay', 'handoff'] as const) : (['handoff', 'relay'] as const)) {
      await cluster.configure(mode, 'round-robin', server);
      await cluster.reset();
      const rps = await wrkRequestsPerSecond(url);
      // Requests served, as the servers counted them: the bytes per request through the dispatcher.
      const stats = await cluster.stats();
      const requests = stats.servers.reduce((sum, member) => sum + member.requests, 0);
      measured[mode] = { rps, bytes: (await dispatcherBytes()) / Math.max(1, requests) };
    }
    ratios.push(measured.handoff!.rps / measured.relay!.rps);
    byteRatios.push(measured.handoff!.bytes / measured.relay!.bytes);
    console.log(
      `round ${round + 1}: relay ${measured.relay!.rps.toFixed(0)} req/s, ${measured.relay!.bytes.toFixed(0)} B/request through the dispatcher; handoff ${measured.handoff!.rps.toFixed(0)} req/s, ${measured.handoff!.bytes.toFixed(1)} B/request`,
    );
  }

  await cluster.configure('relay', 'round-robin', { ...server, responseSizeBytes: copySizeBytes, requestsPerConnection: 1 });
  const direct = cluster.servers[0]!;
  const copyRatios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const bare = await curlBytesPerSecond(`http://${direct.host}:${direct.port}/objects/1`);
    const relayed = await curlBytesPerSecond(url);
    copyRatios.push(relayed / bare);
    console.log(`copy round ${round + 1}: straight from the server ${(bare / 1e6).toFixed(0)} MB/s, through the relay ${(relayed / 1e6).toFixed(0)} MB/s`);
  }

  const throughputRatio = median(ratios);
  const bytesRatio = median(byteRatios);
  const copyRatio = median(copyRatios);
  console.log(`handoff/relay throughput (256 KiB): median ${throughputRatio.toFixed(2)}× — bar ≥ ${throughputBar}× ${throughputRatio >= throughputBar ? 'MET' : 'NOT MET'}`);
  console.log(`handoff/relay dispatcher bytes (256 KiB): median ${(bytesRatio * 100).toFixed(4)}% — bar ≤ ${bytesBar * 100}% ${bytesRatio <= bytesBar ? 'MET' : 'NOT MET'}`);
  console.log(`relay/bare loopback copy: median ${copyRatio.toFixed(2)}× — bar ≥ ${copyBar}× ${copyRatio >= copyBar ? 'MET' : 'NOT MET'}`);
  process.exitCode = throughputRatio >= throughputBar && bytesRatio <= bytesBar && copyRatio >= copyBar ? 0 : 1;
} finally {
  await cluster.stop();
}
