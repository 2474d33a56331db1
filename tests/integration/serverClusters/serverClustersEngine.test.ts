// The server-clusters engine end to end on short scenarios: what it measures holds the lecture's
// claims with margins, and every process and address it opened is released after success,
// cancel and failure.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serverClustersEngine } from '../../../main/engines/serverClusters/serverClustersEngine.ts';
import type { ServerClustersScenario } from '../../../main/engines/serverClusters/serverClustersScenario.ts';
import { recordingContext } from '../../support/recordingContext.ts';

function scenario(patch: Partial<ServerClustersScenario> = {}): ServerClustersScenario {
  return {
    servers: 2,
    objects: 32,
    cacheObjects: 16,
    healthInterval: 100,
    loadReportInterval: 100,
    dataTier: { concurrency: 0, queryTime: 0 },
    serve: { mode: 'none', policy: 'round-robin', port: 0, responseSize: 1024, duration: 0 },
    modes: { responseSizes: [1024, 262_144], rounds: 1, connections: 4, requestsPerConnection: 10, duration: 400, warmup: 100 },
    policies: { compare: ['round-robin', 'content-aware'], mode: 'handoff', requests: 200, concurrency: 4, serviceTime: 0 },
    failover: { enabled: true, rate: 200, duration: 900 },
    dns: { enabled: true, clients: 2, ttl: 1, duration: 900 },
    scaling: { enabled: true, servers: [], rate: 300, serviceTime: 5, duration: 500 },
    ...patch,
  };
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

function clusterPids(events: { kind: string; data?: Record<string, unknown> }[]): number[] {
  const topology = events.find((event) => event.kind === 'cluster-started')?.data as
    | { dispatcher: { pid: number }; servers: { pid: number }[]; data: { pid: number } }
    | undefined;
  if (topology === undefined) return [];
  return [topology.dispatcher.pid, topology.data.pid, ...topology.servers.map((server) => server.pid)];
}

describe('the server-clusters engine', () => {
  it('measures relay against handoff, two policies and a failover, then releases every process', async () => {
    const recorded = recordingContext();
    const metrics = (await serverClustersEngine.run(scenario(), recorded.context)) as Record<string, any>;
    const pids = clusterPids(recorded.events);
    expect(pids).toHaveLength(4);
    expect(metrics.modes.map((mode: { mode: string; responseSizeBytes: number }) => `${mode.mode} ${mode.responseSizeBytes}`)).toEqual(['relay 1024', 'handoff 1024', 'relay 262144', 'handoff 262144']);
    for (const mode of metrics.modes) expect(mode.requests).toBeGreaterThan(0);
    const large = metrics.bySize.find((entry: { responseSizeBytes: number }) => entry.responseSizeBytes === 262_144);
    // Relay carries each response through the dispatcher; handoff only request heads.
    expect(large.relayBytesPerRequest).toBeGreaterThan(262_144);
    expect(large.bytesRatio).toBeLessThan(0.01);
    // Who talked to whom, as each process counted it: relay sends the responses back through the
    // dispatcher, handoff from the servers straight to the clients, and neither ever lets a client
    // reach the data tier.
    type Edge = { from: string; to: string; bytes: number; bytesPerRequest: number; receivedBytes?: number; connections?: number; descriptorPassing: boolean };
    const [relayTraffic, handoffTraffic] = metrics.traffic as { mode: string; responseSizeBytes: number; requests: number; clients: { bytesSent: number; bytesReceived: number }; edges: Edge[] }[];
    expect([relayTraffic!.mode, handoffTraffic!.mode, relayTraffic!.responseSizeBytes]).toEqual(['relay', 'handoff', 262_144]);
    const sent = (traffic: typeof relayTraffic, from: string, to: string, passed = false): Edge => traffic!.edges.find((edge) => edge.from === from && edge.to === to && edge.descriptorPassing === passed)!;
    expect(sent(relayTraffic, 'dispatcher', 'clients').bytesPerRequest).toBeGreaterThan(262_144);
    expect(sent(relayTraffic, 'servers', 'dispatcher').bytesPerRequest).toBeGreaterThan(262_144);
    expect(sent(relayTraffic, 'servers', 'clients').bytes).toBe(0);
    expect(sent(relayTraffic, 'dispatcher', 'servers', true).connections).toBe(0);
    expect(sent(handoffTraffic, 'servers', 'clients').bytesPerRequest).toBeGreaterThan(262_144);
    expect(sent(handoffTraffic, 'dispatcher', 'clients').bytes).toBe(0);
    expect(sent(handoffTraffic, 'servers', 'dispatcher').bytes).toBe(0);
    expect(sent(handoffTraffic, 'dispatcher', 'servers').connections).toBe(0);
    expect(sent(handoffTraffic, 'dispatcher', 'servers', true).connections).toBeGreaterThan(0);
    expect(sent(handoffTraffic, 'dispatcher', 'servers', true).bytesPerRequest).toBeLessThan(200);
    for (const traffic of [relayTraffic, handoffTraffic]) {
      // The clients' own count of what they received is what the arrows into them add up to
      // (give or take the bytes in flight when the load stopped).
      const intoClients = traffic!.edges.filter((edge) => edge.to === 'clients').reduce((sum, edge) => sum + edge.bytes, 0);
      expect(Math.abs(intoClients - traffic!.clients.bytesReceived)).toBeLessThan(0.03 * traffic!.clients.bytesReceived);
      const outOfClients = traffic!.edges.filter((edge) => edge.from === 'clients').reduce((sum, edge) => sum + edge.bytes, 0);
      expect(Math.abs(outOfClients - traffic!.clients.bytesSent)).toBeLessThan(0.03 * traffic!.clients.bytesSent + 200);
      // Both ends of the data tier's connections counted the same bytes.
      for (const edge of traffic!.edges.filter((candidate) => candidate.from === 'data' || candidate.to === 'data')) expect(edge.receivedBytes).toBe(edge.bytes);
      expect(traffic!.edges.some((edge) => (edge.from === 'clients' && edge.to === 'data') || (edge.from === 'data' && edge.to === 'clients'))).toBe(false);
    }
    const policy = (name: string) => metrics.policies.find((entry: { policy: string }) => entry.policy === name);
    // 16 of 32 objects per cache: round-robin hits about half, content-aware (16 objects per server) nearly all after each object's first miss.
    expect(policy('content-aware').cacheHitRate).toBeGreaterThan(1.4 * policy('round-robin').cacheHitRate);
    expect(policy('round-robin').imbalance).toBeLessThan(1.05);
    expect(metrics.failover.detectionMs).toBeGreaterThanOrEqual(0);
    expect(metrics.failover.rejoinedAfterMs).toBeGreaterThanOrEqual(0);
    // One server blocked 5 ms per request answers at most 200 req/s; two take the 300 offered.
    const [one, two] = metrics.scaling;
    expect(one.servers).toBe(1);
    expect(one.throughputRps).toBeLessThan(230);
    expect(two.throughputRps).toBeGreaterThan(1.2 * one.throughputRps);
    // Behind a DNS name the dead server stays listed: clients answered by another address after a refusal.
    expect(metrics.dns.lookups).toBeGreaterThan(0);
    expect(metrics.dns.retriedAfterKill).toBeGreaterThan(0);
    expect(metrics.dns.requests).toBeGreaterThan(metrics.dns.retriedRequests);
    // The failover killed server 1 and started a new process for it.
    const restarted = recorded.events.filter((event) => event.kind === 'server-restarted').map((event) => event.data?.pid as number);
    expect(restarted).toHaveLength(2);
    const running = [...pids.filter((pid) => pid !== pids[2]), restarted[1]!];
    expect(running.filter(alive)).toEqual(running);
    expect(await recorded.release()).toContain('cluster');
    expect([...pids, ...restarted].filter(alive)).toEqual([]);
  }, 90_000);

  it('refuses scaling counts that are not ascending or exceed the servers, at their path', () => {
    const problems = (servers: number[]) => serverClustersEngine.checkScenario!(scenario({ scaling: { enabled: true, servers, rate: 300, serviceTime: 5, duration: 500 } }));
    expect(problems([1, 2])).toEqual([]);
    expect(problems([2, 1])).toEqual([{ path: 'scaling.servers.1', message: 'scaling.servers must be ascending: 1 comes after 2' }]);
    expect(problems([1, 3]).map((problem) => problem.path)).toEqual(['scaling.servers.1']);
    expect(problems([1, 3])[0]!.message).toMatch(/more than the cluster has \(servers: 2\)/);
  });

  it('stops promptly when cancelled mid-run and leaves nothing running', async () => {
    const recorded = recordingContext();
    const running = serverClustersEngine.run(scenario({ modes: { responseSizes: [1024], rounds: 5, connections: 4, requestsPerConnection: 10, duration: 5_000, warmup: 100 } }), recorded.context);
    await expect.poll(() => recorded.events.some((event) => event.kind === 'cluster-started'), { timeout: 20_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const cancelledAt = performance.now();
    recorded.controller.abort();
    await running;
    expect(performance.now() - cancelledAt).toBeLessThan(3_000);
    const pids = clusterPids(recorded.events);
    await recorded.release();
    expect(pids.filter(alive)).toEqual([]);
  }, 60_000);

  it('fails with a clear message when the dispatcher’s port is taken, and leaves nothing running', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.2.1', port: 0 }, resolve));
    const port = (blocker.address() as { port: number }).port;
    const recorded = recordingContext();
    try {
      await expect(serverClustersEngine.run(scenario({ serve: { mode: 'relay', policy: 'round-robin', port, responseSize: 1024, duration: 200 } }), recorded.context)).rejects.toThrow(
        new RegExp(`cannot listen on 127\\.0\\.2\\.1:${port}`),
      );
    } finally {
      blocker.close();
    }
    await recorded.release();
    const { execFileSync } = await import('node:child_process');
    // No dispatcher, server or data process of this test is left.
    const left = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)]).toString();
    expect(left.split('\n').filter((line) => /dispatcherProcess|appServer|dataServer/.test(line))).toEqual([]);
  }, 30_000);
});
