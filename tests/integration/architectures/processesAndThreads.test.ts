import { afterEach, describe, expect, it } from 'vitest';
import type { ServerHostOptions } from '../../../main/engines/architectures/servers/serverMessages.ts';
import { startServerWorker, type ServerWorker } from '../../../main/engines/architectures/servers/serverWorker.ts';
import { completeResponses, exchange } from './portProbe.ts';

const started: ServerWorker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

async function startServer(options: Partial<ServerHostOptions> & Pick<ServerHostOptions, 'architecture'>): Promise<{ port: number; server: ServerWorker }> {
  const server = startServerWorker({ workload: { kind: 'io', serviceTimeMs: 5 }, responseSizeBytes: 100, port: 0, workers: 2, statsIntervalMs: 50, ...options });
  started.push(server);
  return { port: await server.listening, server };
}

const closeRequest = (path = '/'): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;
const settle = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('servers built of processes and threads', () => {
  it('process-per-request forks a new child for every connection, which serves all of that connection’s requests', async () => {
    const { port, server } = await startServer({ architecture: 'process-per-request' });
    for (let connection = 0; connection < 3; connection += 1) {
      const answer = await exchange(port, closeRequest(), { waitMs: 10_000 });
      expect(answer.text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Server: proclab-process-per-request/);
    }
    const keptAlive = await exchange(port, `GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n`, { expectedResponses: 2, waitMs: 10_000 });
    expect(completeResponses(keptAlive.text)).toBe(2);
    await settle(200);
    expect(server.latestStats?.processesStarted).toBe(4);
  });

  it('prefork starts its children before the first request and reuses them', async () => {
    const { port, server } = await startServer({ architecture: 'prefork', workers: 3 });
    await settle(100);
    expect(server.latestStats).toMatchObject({ processesStarted: 3, requestsServed: 0 });
    for (let request = 0; request < 6; request += 1) expect((await exchange(port, closeRequest())).text).toMatch(/^HTTP\/1\.1 200 OK/);
    await settle(200);
    expect(server.latestStats).toMatchObject({ processesStarted: 3, requestsServed: 6 });
  });

  it('thread-per-request starts one thread per request', async () => {
    const { port, server } = await startServer({ architecture: 'thread-per-request' });
    const answer = await exchange(port, `GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n`, { expectedResponses: 3, waitMs: 10_000 });
    expect(completeResponses(answer.text)).toBe(3);
    await settle(200);
    expect(server.latestStats?.threadsStarted).toBe(3);
  });

  it('a blocking call freezes the event-driven server, but not the event loop with a worker pool', async () => {
    const concurrentRequests = async (port: number): Promise<number> => {
      const startedAt = performance.now();
      const answers = await Promise.all([0, 1, 2, 3].map(() => exchange(port, closeRequest(), { waitMs: 5000 })));
      for (const answer of answers) expect(answer.text).toMatch(/^HTTP\/1\.1 200 OK/);
      return performance.now() - startedAt;
    };
    const workload = { kind: 'blocking-io' as const, serviceTimeMs: 150 };
    const eventDriven = await startServer({ architecture: 'event-driven', workload });
    const eventPool = await startServer({ architecture: 'event-pool', workload, workers: 4 });
    // One thread: four blocking calls of 150 ms one after another.
    expect(await concurrentRequests(eventDriven.port)).toBeGreaterThanOrEqual(4 * 150 - 10);
    // Four pool threads: the calls overlap (far below 600 ms even on a busy machine).
    expect(await concurrentRequests(eventPool.port)).toBeLessThan(450);
  });

  it('serves real files, the one /files/N names, through threads, processes and the event loop', async () => {
    for (const architecture of ['thread-pool', 'prefork', 'event-driven'] as const) {
      const { port } = await startServer({ architecture, workload: { kind: 'file', serviceTimeMs: 0 }, responseSizeBytes: 40 });
      const answer = await exchange(port, closeRequest('/files/3'));
      const body = answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4);
      // File N holds the alphabet from its (N+1)th letter on.
      expect(body, architecture).toBe('defghijklmnopqrstuvwxyzabcdefghijklmnopq');
    }
  });
});
