import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from '../../../main/measure/httpLoad/runLoad.ts';
import { startServerWorker, type ServerWorker } from '../../../main/engines/architectures/servers/serverWorker.ts';
import { HdrHistogram } from '../../../main/measure/hdrHistogram.ts';
import { architecturesEntryModules } from '../../../main/engines/architectures/architecturesEntryModules.ts';

const loadGenerator = architecturesEntryModules.loadGenerator;

let server: ServerWorker | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const p99Ms = (serialized: Parameters<typeof HdrHistogram.fromSerialized>[0]): number => HdrHistogram.fromSerialized(serialized).percentile(99) / 1000;

describe('coordinated omission', () => {
  it('against a server that stalls 200 ms every second, the open loop sees the stall in its p99 and the closed loop hides it', async () => {
    // An event-driven server with no work of its own, whose only thread freezes 200 ms per second.
    server = startServerWorker({
      architecture: 'event-driven',
      workload: { kind: 'io', serviceTimeMs: 0 },
      responseSizeBytes: 64,
      port: 0,
      stall: { everyMs: 1000, durationMs: 200 },
    });
    const port = await server.listening;

    const open = await runLoad(loadGenerator, { port, mode: 'open', rateRps: 2000, arrival: 'constant', connections: 64, durationMs: 3000, warmupMs: 300, timeoutMs: 3000 }).result;
    const closed = await runLoad(loadGenerator, { port, mode: 'closed', connections: 4, durationMs: 3000, warmupMs: 300, timeoutMs: 3000 }).result;

    // About a fifth of the open loop's requests fall due during a stall and wait up to 200 ms.
    expect(open.requests).toBeGreaterThan(4000);
    expect(open.errors).toBe(0);
    expect(p99Ms(open.histogram)).toBeGreaterThanOrEqual(150);
    // The closed loop stops sending while the server stalls: one slow request per client per stall.
    expect(closed.requests).toBeGreaterThan(2000);
    expect(p99Ms(closed.uncorrectedHistogram)).toBeLessThan(10);
    // ...though the stall is there to see in its maximum.
    expect(HdrHistogram.fromSerialized(closed.histogram).max / 1000).toBeGreaterThanOrEqual(150);
  });

  it('times an open-loop request from its intended send: with too few connections the wait for one counts', async () => {
    server = startServerWorker({ architecture: 'event-driven', workload: { kind: 'io', serviceTimeMs: 50 }, responseSizeBytes: 64, port: 0 });
    const port = await server.listening;
    // One connection serves at most 20 req/s; 40 are due each second, so requests queue for it.
    const result = await runLoad(loadGenerator, { port, mode: 'open', rateRps: 40, arrival: 'constant', connections: 1, durationMs: 1000, warmupMs: 0, timeoutMs: 5000 }).result;
    const corrected = HdrHistogram.fromSerialized(result.histogram);
    const uncorrected = HdrHistogram.fromSerialized(result.uncorrectedHistogram);
    expect(result.mode).toBe('open');
    expect(result.offeredRps).toBe(40);
    // From the actual send every request takes about the service time...
    expect(uncorrected.percentile(99) / 1000).toBeLessThan(200);
    // ...but the later ones were due long before the connection was free.
    expect(corrected.max / 1000).toBeGreaterThan(400);
    expect(result.requests + result.unfinished + result.errors).toBeGreaterThanOrEqual(35);
  });
});
