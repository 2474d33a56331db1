// Bar: post-copy fault service latency at zero added link latency, p50 <= the bare round trip of a
// 4 KiB request/response over the same kind of link + 15 µs, both measured in this run. The bare
// round trip: two threads, TCP on 127.0.0.1, an 8-byte request answered with a 4 KiB page.
// The bar is judged on a post-copy whose background push is capped (QEMU's max-postcopy-bandwidth),
// so that what is measured is the fault path, as the bare round trip is measured on an idle pair of
// threads; the same migration with the push at full loopback speed is printed beside it: on two
// cores, that push keeps both busy and every fault then also waits for a core. A third pair runs on
// the lab's default 1 Gbit link, push uncapped (so at the link's rate), against a bare round trip
// whose answer goes through the same shaper (a 4 KiB page takes 33 µs on that wire).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { connect, createServer } from 'node:net';
import { HdrHistogram } from '../../../main/measure/hdrHistogram.ts';
import { runMigrationSession } from '../../../main/engines/vmMigration/migrationSession.ts';
import { LinkSender, type LinkShape } from '../../../main/engines/vmMigration/link/linkSender.ts';
import { benchHooks, benchSpec, median } from './benchHooks.ts';

const roundTrips = 3000;

if (!isMainThread) {
  if (workerData.role === 'server') {
    const page = Buffer.alloc(4096 + 8, 9);
    const shape = workerData.shape as LinkShape;
    const server = createServer((socket) => {
      socket.setNoDelay(true);
      const shaper = shape.bandwidthBytesPerSecond > 0 ? new LinkSender(socket, socket, shape) : undefined;
      let pending = 0;
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.length;
        while (pending >= 8) {
          pending -= 8;
          if (shaper === undefined) socket.write(page);
          else shaper.sendUrgent([page]);
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
  const unshaped: LinkShape = { bandwidthBytesPerSecond: 0, latencyMs: 0 };
  const gigabit: LinkShape = { bandwidthBytesPerSecond: 125e6, latencyMs: 0 };
  const bareRoundTrip = async (shape: LinkShape): Promise<HdrHistogram> => {
    const server = new Worker(new URL(import.meta.url), { workerData: { role: 'server', shape } });
    const port = await new Promise<number>((resolve) => server.once('message', resolve));
    const client = new Worker(new URL(import.meta.url), { workerData: { role: 'client', port } });
    const serialized = await new Promise<Parameters<typeof HdrHistogram.fromSerialized>[0]>((resolve) => client.once('message', resolve));
    await Promise.all([server.terminate(), client.terminate()]);
    return HdrHistogram.fromSerialized(serialized);
  };
  const pushCap = 25e6; // 200 Mbit/s
  const postCopyFaults = async (pushBandwidthBytesPerSecond: number, shape: LinkShape = unshaped): Promise<{ p50: number; p99: number; networkFaults: number; faults: number }> => {
    // A guest writing uniformly over all of memory faults often, far from the background push.
    const spec = benchSpec({ strategy: 'post-copy', memoryBytes: 64 * 1024 * 1024, shape, workload: { kind: 'writer', workingSetBytes: 64 * 1024 * 1024, dirtyPagesPerSecond: 0, pattern: 'uniform', fillFraction: 1, keyCount: 1 } });
    spec.strategyOptions.pushBandwidthBytesPerSecond = pushBandwidthBytesPerSecond;
    const bench = benchHooks();
    try {
      const metrics = await runMigrationSession(spec, bench.hooks);
      if (metrics.integrity !== 'ok') throw new Error(`integrity: ${metrics.integrity}`);
      return { p50: metrics.faultLatencyUs.p50, p99: metrics.faultLatencyUs.p99, networkFaults: metrics.networkFaults, faults: metrics.networkFaults + metrics.faultsOnPagesInFlight };
    } finally {
      await bench.release();
    }
  };
  type FaultRun = { p50: number; p99: number; networkFaults: number; faults: number };
  const bare: number[] = [];
  const bareGigabit: number[] = [];
  const faults: FaultRun[] = [];
  const fullPush: FaultRun[] = [];
  const gigabitFaults: FaultRun[] = [];
  for (let repeat = 0; repeat < 3; repeat += 1) {
    bare.push((await bareRoundTrip(unshaped)).percentile(50));
    bareGigabit.push((await bareRoundTrip(gigabit)).percentile(50));
    faults.push(await postCopyFaults(pushCap));
    fullPush.push(await postCopyFaults(0));
    gigabitFaults.push(await postCopyFaults(0, gigabit));
  }
  console.log(`bare 4 KiB request/response over loopback TCP, p50: ${bare.join(', ')} µs (median ${median(bare)})`);
  console.log(`bare 4 KiB request/response, answer through the 1 Gbit shaper, p50: ${bareGigabit.join(', ')} µs (median ${median(bareGigabit)})`);
  const show = (label: string, runs: FaultRun[]): void => {
    console.log(`${label} p50: ${runs.map((fault) => fault.p50).join(', ')} µs; p99: ${runs.map((fault) => fault.p99).join(', ')} µs`);
    console.log(`  faults per migration (all / needing a request to the source): ${runs.map((fault) => `${fault.faults}/${fault.networkFaults}`).join(', ')}`);
  };
  show(`post-copy fault service, unshaped link, push capped at ${pushCap / 1e6} MB/s,`, faults);
  show('post-copy fault service, unshaped link, push at full speed (for comparison),', fullPush);
  show('post-copy fault service, 1 Gbit link, push at the link rate,', gigabitFaults);
  const verdict = (label: string, runs: FaultRun[], bareMedian: number): void => {
    const p50 = median(runs.map((fault) => fault.p50));
    console.log(`bar (${label}): fault p50 ${p50} µs <= ${bareMedian + 15} µs: ${p50 <= bareMedian + 15 ? 'met' : 'NOT met'}`);
  };
  verdict('unshaped link, capped push', faults, median(bare));
  verdict('unshaped link, full-speed push', fullPush, median(bare));
  verdict('1 Gbit link', gigabitFaults, median(bareGigabit));
}
