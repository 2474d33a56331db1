import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HdrHistogram } from '../../../main/measure/hdrHistogram.ts';
import { runClosedLoad } from '../../../main/measure/httpLoad/runLoad.ts';
import type { LoadIntervalSample } from '../../../main/measure/httpLoad/loadMessages.ts';
import type { ServerHostOptions } from '../../../main/engines/architectures/servers/serverMessages.ts';
import { startServerWorker, type ServerWorker } from '../../../main/engines/architectures/servers/serverWorker.ts';
import { architecturesEntryModules } from '../../../main/engines/architectures/architecturesEntryModules.ts';

const loadGenerator = architecturesEntryModules.loadGenerator;

const started: ServerWorker[] = [];

async function startServer(options: Partial<ServerHostOptions>): Promise<number> {
  const server = startServerWorker({ architecture: 'event-driven', workload: { kind: 'io', serviceTimeMs: 5 }, responseSizeBytes: 64, port: 0, ...options });
  started.push(server);
  return server.listening;
}

/** A port nothing listens on: bound once, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

describe('runClosedLoad', () => {
  it('measures a server: interval samples, totals and a histogram of the measured window only', async () => {
    const port = await startServer({});
    const samples: LoadIntervalSample[] = [];
    const result = await runClosedLoad(loadGenerator, { port, connections: 8, durationMs: 1000, warmupMs: 300, timeoutMs: 2000 }, (sample) => samples.push(sample)).result;
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(50);
    expect(result.measuredMs).toBeGreaterThanOrEqual(990);
    expect(result.measuredMs).toBeLessThan(2000);
    expect(result.stoppedEarly).toBe(false);
    const histogram = HdrHistogram.fromSerialized(result.histogram);
    expect(histogram.count).toBe(result.requests);
    expect(histogram.percentile(50)).toBeGreaterThanOrEqual(5000);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.reduce((sum, sample) => sum + sample.requests, 0)).toBe(result.requests);
  });

  it('reconnects when the server closes after each response, without counting errors', async () => {
    const port = await startServer({ architecture: 'iterative', workload: { kind: 'io', serviceTimeMs: 2 }, requestsPerConnection: 2 });
    const result = await runClosedLoad(loadGenerator, { port, connections: 4, durationMs: 600, warmupMs: 100, timeoutMs: 3000 }).result;
    expect(result.requests).toBeGreaterThan(20);
    expect(result.errors).toBe(0);
  });

  it('counts refused connections as errors and still ends on time', async () => {
    const port = await freePort();
    const startedAt = performance.now();
    const result = await runClosedLoad(loadGenerator, { port, connections: 4, durationMs: 500, warmupMs: 0, timeoutMs: 1000 }).result;
    expect(performance.now() - startedAt).toBeLessThan(5000);
    expect(result.requests).toBe(0);
    expect(result.errorsByKind.connect).toBeGreaterThan(0);
    expect(result.errors).toBe(result.errorsByKind.connect);
  });

  it('counts requests that outlive the time-out as errors', async () => {
    const port = await startServer({ workload: { kind: 'io', serviceTimeMs: 2000 } });
    const result = await runClosedLoad(loadGenerator, { port, connections: 2, durationMs: 700, warmupMs: 0, timeoutMs: 150 }).result;
    expect(result.requests).toBe(0);
    expect(result.errorsByKind.timeout).toBeGreaterThanOrEqual(2);
  });

  it('stops promptly on abort with what it measured', async () => {
    const port = await startServer({});
    const load = runClosedLoad(loadGenerator, { port, connections: 4, durationMs: 30_000, warmupMs: 0, timeoutMs: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const abortedAt = performance.now();
    load.abort();
    const result = await load.result;
    expect(performance.now() - abortedAt).toBeLessThan(1500);
    expect(result.stoppedEarly).toBe(true);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.measuredMs).toBeLessThan(5000);
  });
});
