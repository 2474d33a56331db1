// The cluster's tiers as real processes on 127.0.2.N: a request crosses all three; relay keeps the
// client's connection in the dispatcher, handoff leaves it in the server's process alone (seen in
// /proc); a killed server is noticed and rejoins; everything ends with the cluster.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatcherHost, startCluster, type RunningCluster } from '../../../main/engines/serverClusters/clusterControl.ts';
import type { ServerSettings } from '../../../main/engines/serverClusters/clusterMessages.ts';
import { descriptorHolders } from '../../../main/engines/serverClusters/procAccounting.ts';

const settings: ServerSettings = { responseSizeBytes: 4096, requestsPerConnection: 0, workload: { kind: 'io', serviceTimeMs: 0 }, cacheObjects: 4, objects: 16 };
let cluster: RunningCluster;

/** A process that still exists and is not a zombie waiting to be reaped. */
function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Opens a kept-alive connection to the dispatcher and reads one whole response on it. */
async function keptOpenRequest(path: string): Promise<{ socket: Socket; head: string; bodyBytes: number }> {
  const socket = connect({ host: dispatcherHost, port: cluster.port });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: cluster\r\n\r\n`);
  let received = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no whole response within 5 s')), 5_000);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = received.toString('latin1', 0, end);
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? -1);
      if (received.length - end - 4 >= length) {
        clearTimeout(timer);
        resolve({ socket, head, bodyBytes: received.length - end - 4 });
      }
    });
  });
}

beforeAll(async () => {
  cluster = await startCluster({ servers: 2, objects: 16, port: 0, mode: 'relay', policy: 'round-robin', healthIntervalMs: 50, loadReportIntervalMs: 100, server: settings, seed: 3 });
}, 30_000);

afterAll(async () => {
  const pids = [cluster.dispatcherPid, cluster.data.pid ?? 0, ...cluster.servers.map((server) => server.pid)];
  await cluster.stop();
  // Every tier's process is gone once the cluster is stopped.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(pids.filter(processAlive)).toEqual([]);
});

describe('a three-tier cluster on 127.0.2.N', () => {
  it('runs each tier as its own process on its own address', () => {
    const pids = new Set([process.pid, cluster.dispatcherPid, cluster.data.pid, ...cluster.servers.map((server) => server.pid)]);
    expect(pids.size).toBe(5);
    expect(cluster.servers.map((server) => server.host)).toEqual(['127.0.2.11', '127.0.2.12']);
  });

  it('relay: the response crosses the dispatcher, which holds the client connection', async () => {
    await cluster.configure('relay', 'round-robin', settings);
    await cluster.reset();
    const { socket, head, bodyBytes } = await keptOpenRequest('/objects/5');
    try {
      expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(bodyBytes).toBe(4096);
      const holders = descriptorHolders(dispatcherHost, cluster.port, cluster.dispatcherPid, cluster.servers.map((server) => server.pid));
      expect(holders).toEqual({ clientConnections: 1, heldByDispatcher: 1, heldByServers: 0 });
      const stats = await cluster.stats();
      expect(stats.serverBytesIn).toBeGreaterThanOrEqual(4096);
      // The request crossed the third tier too: a miss went to the data server.
      expect(stats.servers.reduce((sum, server) => sum + server.dataQueries, 0)).toBe(1);
    } finally {
      socket.destroy();
    }
  });

  it('handoff: the server answers on the client’s own connection and the dispatcher keeps no descriptor of it', async () => {
    await cluster.configure('handoff', 'round-robin', settings);
    await cluster.reset();
    const { socket, head, bodyBytes } = await keptOpenRequest('/objects/6');
    try {
      expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(head).toMatch(/Server: proclab-cluster-server-\d/);
      expect(bodyBytes).toBe(4096);
      const holders = descriptorHolders(dispatcherHost, cluster.port, cluster.dispatcherPid, cluster.servers.map((server) => server.pid));
      expect(holders).toEqual({ clientConnections: 1, heldByDispatcher: 0, heldByServers: 1 });
      const stats = await cluster.stats();
      expect(stats.serverBytesIn).toBe(0);
      expect(stats.clientBytesOut).toBe(0);
      expect(stats.clientBytesIn).toBeLessThan(200);
      expect(stats.servers.reduce((sum, server) => sum + server.handedOff, 0)).toBe(1);
    } finally {
      socket.destroy();
    }
  });

  it('marks a killed server down, sends to the other, and takes the restarted one back after a health check', async () => {
    await cluster.configure('relay', 'round-robin', settings);
    const events: string[] = [];
    cluster.onServerEvent((event) => events.push(`${event.type} ${event.index}`));
    process.kill(cluster.servers[0]!.pid, 'SIGKILL');
    await expect.poll(() => events, { timeout: 5_000 }).toContain('server-down 0');
    for (let request = 0; request < 4; request += 1) {
      const { socket, head } = await keptOpenRequest(`/objects/${request}`);
      socket.destroy();
      expect(head).toMatch(/Server: proclab-cluster-server-2/);
    }
    await cluster.restart(0);
    await expect.poll(() => events, { timeout: 5_000 }).toContain('server-up 0');
    expect(processAlive(cluster.servers[0]!.pid)).toBe(true);
  }, 20_000);
});
