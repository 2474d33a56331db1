// No single endpoint: one DNS name maps to every application server's address (round-robin
// answers with a TTL, from a real DNS server on 127.0.2.53). Clients resolve the name through
// Node's resolver, keep the answer for its TTL, and connect to the servers straight, trying the
// next address when one refuses. One server is killed a third of the way in and started again at
// two thirds: the name keeps listing it, so it is the clients that must route around it.
import { Resolver } from 'node:dns/promises';
import { connect } from 'node:net';
import { latencySummary } from '../../measure/latencySummary.ts';
import { pause } from '../../toolkit/abortableWaits.ts';
import type { EngineContext } from '../engine.ts';
import type { ServerSettings } from './clusterMessages.ts';
import type { RunningCluster } from './clusterControl.ts';
import type { LatencyMs } from './modesPhase.ts';
import { startNameServer } from './nameServer.ts';

export const clusterName = 'cluster.proclab.test';
export const nameServerHost = '127.0.2.53';

export interface DnsResult {
  name: string;
  ttlSeconds: number;
  clients: number;
  requests: number;
  /** Requests for which every address failed. */
  failedRequests: number;
  /** Requests that reached a server only after one or more refused. */
  retriedRequests: number;
  retriedAfterKill: number;
  /** Latency of requests answered at the first address, and of retried ones. */
  latencyMs: LatencyMs;
  retriedLatencyMs: LatencyMs;
  /** Queries the name server answered. */
  lookups: number;
}

export interface DnsPlan {
  clients: number;
  durationMs: number;
  ttlSeconds: number;
  server: ServerSettings;
}

/** A request on a fresh connection to one address: 'ok', 'refused' (try the next) or 'failed'. */
function requestAt(host: string, port: number, path: string, timeoutMs: number): Promise<'ok' | 'refused' | 'failed'> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, noDelay: true });
    let head = '';
    let connected = false;
    let settled = false;
    const finish = (outcome: 'ok' | 'refused' | 'failed'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish(connected ? 'failed' : 'refused'), timeoutMs);
    socket.on('connect', () => {
      connected = true;
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${clusterName}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      if (head.length < 16) head += chunk.toString('latin1', 0, Math.min(16, chunk.length));
    });
    socket.on('error', () => finish(connected ? 'failed' : 'refused'));
    socket.on('close', () => finish(head.startsWith('HTTP/1.1 200') ? 'ok' : connected ? 'failed' : 'refused'));
  });
}

export async function runDns(cluster: RunningCluster, context: EngineContext, plan: DnsPlan): Promise<DnsResult> {
  await cluster.configure('relay', 'round-robin', { ...plan.server, requestsPerConnection: 1 });
  const port = cluster.servers[0]!.port;
  const nameServer = await startNameServer(nameServerHost, clusterName, cluster.servers.map((server) => server.host), plan.ttlSeconds);
  context.event('name-server', `${clusterName} → ${cluster.servers.map((server) => server.host).join(', ')} (port ${port}), from a DNS server on ${nameServerHost}:${nameServer.port}, TTL ${plan.ttlSeconds} s`);
  const startedAt = performance.now();
  const endsAt = startedAt + plan.durationMs;
  let killedAt = Number.POSITIVE_INFINITY;
  const firstTry: number[] = [];
  const retried: number[] = [];
  let failedRequests = 0;
  let retriedAfterKill = 0;
  let interval = { requests: 0, retried: 0, failed: 0 };
  const sampler = setInterval(() => {
    context.sample('dns clients', { requests: interval.requests, retriedRequests: interval.retried, failedRequests: interval.failed });
    interval = { requests: 0, retried: 0, failed: 0 };
  }, 100);

  const client = async (clientIndex: number): Promise<void> => {
    const resolver = new Resolver({ timeout: 1_000, tries: 2 });
    resolver.setServers([`${nameServerHost}:${nameServer.port}`]);
    let addresses: string[] = [];
    let expiresAt = 0;
    // Bounded by the time and by a count far above what the time allows.
    for (let request = 0; request < 1_000_000 && performance.now() < endsAt && !context.signal.aborted; request += 1) {
      if (performance.now() >= expiresAt) {
        const answer = await resolver.resolve4(clusterName, { ttl: true });
        addresses = answer.map((record) => record.address);
        expiresAt = performance.now() + Math.max(0, answer[0]?.ttl ?? 0) * 1000;
      }
      const sentAt = performance.now();
      let outcome: 'ok' | 'refused' | 'failed' = 'refused';
      let attempts = 0;
      for (const address of addresses) {
        attempts += 1;
        outcome = await requestAt(address, port, `/objects/${(clientIndex * 7 + request) % plan.server.objects}`, 2_000);
        if (outcome !== 'refused') break;
      }
      const latency = performance.now() - sentAt;
      interval.requests += 1;
      if (outcome !== 'ok') {
        failedRequests += 1;
        interval.failed += 1;
      } else if (attempts > 1) {
        retried.push(latency);
        interval.retried += 1;
        if (sentAt >= killedAt) retriedAfterKill += 1;
      } else firstTry.push(latency);
    }
  };

  try {
    const clients = Promise.all(Array.from({ length: plan.clients }, (_, index) => client(index)));
    await pause(plan.durationMs / 3, context.signal);
    killedAt = performance.now();
    process.kill(cluster.servers[0]!.pid, 'SIGKILL');
    context.event('server-killed', `server 1 (${cluster.servers[0]!.host}) killed: ${clusterName} still lists it`, { index: 0 });
    await pause(plan.durationMs / 3, context.signal);
    if (!context.signal.aborted) {
      await cluster.restart(0);
      context.event('server-restarted', `server 1 started again on ${cluster.servers[0]!.host}:${port}`, { index: 0, pid: cluster.servers[0]!.pid });
    }
    await clients;
  } finally {
    clearInterval(sampler);
    await nameServer.close();
  }
  return {
    name: clusterName,
    ttlSeconds: plan.ttlSeconds,
    clients: plan.clients,
    requests: firstTry.length + retried.length + failedRequests,
    failedRequests,
    retriedRequests: retried.length,
    retriedAfterKill,
    latencyMs: latencySummary(firstTry),
    retriedLatencyMs: latencySummary(retried),
    lookups: nameServer.queries(),
  };
}
