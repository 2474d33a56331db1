// Bar: post-copy fault service latency at zero added link latency, p50 <= the bare round trip of a
// 4 KiB request/response over the same kind of link + 15 µs, both measured in this run. The bare
// round trip: two threads, TCP on 127.0.0.1, an 8-byte request answered with a 4 KiB page.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { connect, createServer } from 'node:net';
import { HdrHistogram } from '../../../main/measure/hdrHistogram.ts';
import { runMigrationSession } from '../../../main/engines/vmMigration/migrationSession.ts';
import { benchHooks, benchSpec, median } from './benchHooks.ts';

const roundTrips = 3000;

if (!isMainThread) {
  if (workerData.role === 'server') {
    const page = Buffer.alloc(4096 + 8, 9);
    const server = createServer((socket) => {
      socket.setNoDelay(true);
      let pending = 0;
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.length;
        while (pending >= 8) {
          pending -= 8;
          socket.write(page);
        }
      });
    });
    server.listen(0, '127.0.0.1', () => parentPort!.postMessage((server.address() as { port: number }).port));
  } else {
    const histogram = new HdrHistogram();
    let received = 0;
    let sentAt = 0;
    let done = 0;
    const request = Buffer.alloc(8, 1);
    const socket = connect({ host: '127.0.0.1', port: workerData.port, onread: { buffer: Buffer.allocUnsafeSlow(64 * 1024), callback: (length: number) => {
      received += length;
      if (received >= 4096 + 8) {
        received -= 4096 + 8;
        histogram.record((performance.now() - sentAt) * 1000);
        done += 1;
        if (done === roundTrips) parentPort!.postMessage(histogram.serialize());
        else {
          sentAt = performance.now();
          socket.write(request);
        }
      }
      return true;
    } } });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      sentAt = performance.now();
      socket.write(request);
    });
  }
} else {
  const bareRoundTrip = async (): Promise<HdrHistogram> => {
    const server = new Worker(new URL(import.meta.url), { workerData: { role: 'server' } });
    const port = await new Promise<number>((resolve) => server.once('message', resolve));
    const client = new Worker(new URL(import.meta.url), { workerData: { role: 'client', port } });
    const serialized = await new Promise<Parameters<typeof HdrHistogram.fromSerialized>[0]>((resolve) => client.once('message', resolve));
    await Promise.all([server.terminate(), client.terminate()]);
    return HdrHistogram.fromSerialized(serialized);
  };
  const postCopyFaults = async (): Promise<{ p50: number; p99: number; networkFaults: number; faults: number }> => {
    // A guest writing uniformly over all of memory faults often, far from the background push.
    const spec = benchSpec({ strategy: 'post-copy', memoryBytes: 64 * 1024 * 1024, shape: { bandwidthBytesPerSecond: Number(process.env.BANDWIDTH ?? 0), latencyMs: 0 }, workload: { kind: 'writer', workingSetBytes: 64 * 1024 * 1024, dirtyPagesPerSecond: 0, pattern: 'uniform', fillFraction: 1, keyCount: 1 } });
    const bench = benchHooks();
    try {
      const metrics = await runMigrationSession(spec, bench.hooks);
      if (metrics.integrity !== 'ok') throw new Error(`integrity: ${metrics.integrity}`);
      return { p50: metrics.faultLatencyUs.p50, p99: metrics.faultLatencyUs.p99, networkFaults: metrics.networkFaults, faults: metrics.networkFaults + metrics.faultsOnPagesInFlight };
    } finally {
      await bench.release();
    }
  };
  const bare: number[] = [];
  const faults: { p50: number; p99: number; networkFaults: number; faults: number }[] = [];
  for (let repeat = 0; repeat < 3; repeat += 1) {
    const histogram = await bareRoundTrip();
    bare.push(histogram.percentile(50));
    faults.push(await postCopyFaults());
  }
  console.log(`bare 4 KiB request/response over loopback TCP, p50: ${bare.join(', ')} µs (median ${median(bare)})`);
  console.log(`post-copy fault service, p50: ${faults.map((fault) => fault.p50).join(', ')} µs; p99: ${faults.map((fault) => fault.p99).join(', ')} µs`);
  console.log(`  faults per migration (all / needing a request to the source): ${faults.map((fault) => `${fault.faults}/${fault.networkFaults}`).join(', ')}`);
  const target = median(bare) + 15;
  console.log(`bar: fault p50 ${median(faults.map((fault) => fault.p50))} µs <= ${target} µs: ${median(faults.map((fault) => fault.p50)) <= target ? 'met' : 'NOT met'}`);
}
