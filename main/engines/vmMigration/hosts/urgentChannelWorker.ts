// Worker entry: the source's page server, the urgent (preempt) channel's own thread; see urgentChannel.ts.
import { createServer, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { isZeroPage, pageChecksum, type GuestMemoryBuffers } from '../guest/guestMemory.ts';
import { frame, FrameReader, frameTypes, indexListFrame, pageServerRoles, readIndexList, singlePageFrame } from '../link/linkFrames.ts';
import { pinToFaultPathCpus } from '../../../platform/threadAffinity.ts';
import { FaultTraceWriter, monotonicMs, type FaultTraceBuffers } from '../faultHops.ts';
import { LinkSender } from '../link/linkSender.ts';
import { urgentCounterSlots, type SourceUrgentShared, type UrgentReport, type UrgentRequest } from './urgentChannel.ts';

export interface UrgentChannelOptions {
  memory: GuestMemoryBuffers;
  shared: SourceUrgentShared;
  /** Where to stamp each request answered with a page (see faultHops.ts). */
  faultTrace?: FaultTraceBuffers;
}

const options = workerData as UrgentChannelOptions;
const report = (message: UrgentReport): void => parentPort?.postMessage(message);

/**
 * Runs the page path's code on a scratch page until V8 has compiled it, so the first faults of a
 * migration are not served by the interpreter (a 4 KiB scan interpreted takes tens of µs).
 */
function warmUp(pageSize: number): void {
  const words = new Int32Array(pageSize / 4);
  for (let round = 0; round < 300; round += 1) {
    pageChecksum(words, 0, words.length);
    isZeroPage(words, 0, words.length);
  }
}

/** One connection from a faulting guest: its requests, and the answers going back on it. */
interface Requester {
  socket: Socket;
  /** False for a hinter (gets no answers) and until the hello has arrived. */
  answered: boolean;
  /** Made at the first answer, shaped as the migration configured the link (after the hello). */
  sender: LinkSender | undefined;
}

function run(): void {
  const claimMap = new Uint8Array(options.shared.claimMap);
  const counters = new Float64Array(options.shared.counters);
  const bytes = new Uint8Array(options.memory.data);
  const words = new Int32Array(options.memory.data);
  const pageSize = options.memory.pageSize;
  const wordsPerPage = pageSize / 4;
  // Set by the host when a migration starts (before any page can be requested).
  let settings = { skipZeroPages: true, bandwidthBytesPerSecond: 0, latencyMs: 0 };
  const requesters = new Set<Requester>();
  /** Requests still crossing a link with latency, in arrival order. */
  const delayed: { requester: Requester; page: number; arriveAt: number }[] = [];
  let delayTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  // Claim first (the push claims the same way): whoever claims a page sends it, so it goes once.
  const trace = options.faultTrace === undefined ? undefined : FaultTraceWriter.server(options.faultTrace);
  const serve = (requester: Requester, page: number): void => {
    const arrivedAt = trace === undefined ? 0 : monotonicMs();
    // A page no guest has (a guest rehearsing its line) steers nothing.
    if (page < claimMap.length) {
      counters[urgentCounterSlots.lastFaultPage] = page;
      counters[urgentCounterSlots.faultSequence]! += 1;
    }
    // A hinter gets no answer: the push, which now continues from its page, brings the page.
    if (!requester.answered) return;
    requester.sender ??= new LinkSender(requester.socket, requester.socket, { bandwidthBytesPerSecond: settings.bandwidthBytesPerSecond, latencyMs: settings.latencyMs });
    const sender = requester.sender;
    if (page >= claimMap.length || Atomics.compareExchange(claimMap, page, 1, 0) !== 1) {
      sender.sendUrgent(frame(frameTypes.pageInFlight, Buffer.from(Uint32Array.of(page).buffer)));
      return;
    }
    counters[urgentCounterSlots.pagesRequested]! += 1;
    const before = sender.bytesSent;
    const zero = settings.skipZeroPages && isZeroPage(words, page, wordsPerPage);
    const answer = zero ? indexListFrame(frameTypes.zeroPages, [page]) : [singlePageFrame(page, bytes, pageSize)];
    // Stamped before the write: the guest may read the answer before the write call returns here,
    // and a page server thread preempted after its write made the answer's trip look negative.
    const answeredAt = trace === undefined ? 0 : monotonicMs();
    sender.sendUrgent(answer);
    if (zero) counters[urgentCounterSlots.zeroPagesSent]! += 1;
    counters[urgentCounterSlots.pagesSent]! += 1;
    counters[urgentCounterSlots.bytesSent]! += sender.bytesSent - before;
    trace?.record(page, arrivedAt, answeredAt);
  };
  // The request's own trip takes the link's latency; the answer's trip back is shaped by its sender.
  const serveArrived = (): void => {
    delayTimer = undefined;
    const now = performance.now();
    while (delayed.length > 0 && delayed[0]!.arriveAt <= now) {
      const next = delayed.shift()!;
      serve(next.requester, next.page);
    }
    const next = delayed[0];
    if (next === undefined) return;
    const waitMs = next.arriveAt - now;
    // setImmediate for the last stretch: timers are only millisecond-grained.
    delayTimer = waitMs < 1.5 ? setImmediate(serveArrived) : setTimeout(serveArrived, Math.floor(waitMs - 0.5));
  };
  const arrive = (requester: Requester, page: number): void => {
    if (settings.latencyMs <= 0) return serve(requester, page);
    delayed.push({ requester, page, arriveAt: performance.now() + settings.latencyMs });
    if (delayTimer === undefined) serveArrived();
  };

  const server = createServer((socket) => {
    const requester: Requester = { socket, answered: false, sender: undefined };
    requesters.add(requester);
    socket.setNoDelay(true);
    const reader = new FrameReader((type, payload) => {
      if (type === frameTypes.pageRequest) {
        for (const page of readIndexList(payload)) arrive(requester, page);
      } else if (type === frameTypes.hello && payload.readUInt32LE(0) === pageServerRoles.requester) {
        requester.answered = true;
      }
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      requester.sender?.close();
      requesters.delete(requester);
    });
  });
  warmUp(pageSize);
  server.listen(0, '127.0.0.1', () => report({ kind: 'listening', port: (server.address() as { port: number }).port }));
  parentPort?.on('message', (request: UrgentRequest) => {
    if (request.kind === 'configure') {
      settings = { skipZeroPages: request.skipZeroPages, bandwidthBytesPerSecond: request.bandwidthBytesPerSecond, latencyMs: request.latencyMs };
      // Answers from now on are shaped as this migration's link; a sender made earlier (for a
      // guest rehearsing its line before the migration) was unshaped.
      for (const requester of requesters) {
        requester.sender?.close();
        requester.sender = undefined;
      }
    } else if (request.kind === 'close') {
      if (delayTimer !== undefined) {
        clearTimeout(delayTimer as NodeJS.Timeout);
        clearImmediate(delayTimer as NodeJS.Immediate);
      }
      for (const requester of requesters) requester.socket.destroy();
      server.close();
      parentPort?.close();
    }
  });
}

pinToFaultPathCpus();
run();
