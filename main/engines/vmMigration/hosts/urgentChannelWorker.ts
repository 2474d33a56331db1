// Worker entry: one end of the urgent (preempt) channel; see urgentChannel.ts.
import { connect, createServer, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { isZeroPage, pageChecksum, type GuestMemoryBuffers } from '../guest/guestMemory.ts';
import { FrameReader, frameTypes, indexListFrame, pageServerHello, pageServerRoles, readIndexList, singlePageFrame } from '../link/linkFrames.ts';
import { LinkSender } from '../link/linkSender.ts';
import { PageInstaller, type InstallerBuffers } from './pageInstaller.ts';
import { urgentCounterSlots, type SourceUrgentShared, type UrgentReport, type UrgentRequest } from './urgentChannel.ts';

export type UrgentChannelOptions =
  | { role: 'source'; memory: GuestMemoryBuffers; shared: SourceUrgentShared }
  | { role: 'destination'; memory: GuestMemoryBuffers; installer: InstallerBuffers };

const options = workerData as UrgentChannelOptions;
const report = (message: UrgentReport): void => parentPort?.postMessage(message);

/**
 * Runs the page path's code on a scratch page until V8 has compiled it, so the first faults of a
 * migration are not served by the interpreter (a 4 KiB checksum interpreted takes tens of µs).
 */
function warmUp(pageSize: number): void {
  const words = new Int32Array(pageSize / 4);
  for (let round = 0; round < 300; round += 1) {
    pageChecksum(words, 0, words.length);
    isZeroPage(words, 0, words.length);
  }
}

/**
 * Source end: the page server. Requesters (the destination's guest) send page requests; the pages
 * go back on the receiver connection (the destination's urgent thread). Each page is claimed in
 * the shared claim map first (the bulk push claims the same way), so every page is sent once.
 */
function runSource(source: Extract<UrgentChannelOptions, { role: 'source' }>): void {
  const claimMap = new Uint8Array(source.shared.claimMap);
  const counters = new Float64Array(source.shared.counters);
  const bytes = new Uint8Array(source.memory.data);
  const words = new Int32Array(source.memory.data);
  const wordsPerPage = source.memory.pageSize / 4;
  // Set by the host when a migration starts (before any page can be requested).
  let settings = { skipZeroPages: true, bandwidthBytesPerSecond: 0, latencyMs: 0 };
  const sockets = new Set<Socket>();
  let receiver: Socket | undefined;
  let sender: LinkSender | undefined;
  /** Requests that arrived before the receiver connected. */
  let early: number[] = [];
  /** Requests still crossing a link with latency: [page, arrival time] in arrival order. */
  const delayed: { page: number; arriveAt: number }[] = [];
  let delayTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  const serve = (page: number): void => {
    if (sender === undefined) {
      early.push(page);
      return;
    }
    if (page >= claimMap.length || Atomics.compareExchange(claimMap, page, 1, 0) !== 1) return;
    counters[urgentCounterSlots.pagesRequested]! += 1;
    counters[urgentCounterSlots.lastFaultPage] = page;
    counters[urgentCounterSlots.faultSequence]! += 1;
    const before = sender.bytesSent;
    if (settings.skipZeroPages && isZeroPage(words, page, wordsPerPage)) {
      sender.sendUrgent(indexListFrame(frameTypes.zeroPages, [page]));
      counters[urgentCounterSlots.zeroPagesSent]! += 1;
    } else {
      sender.sendUrgent([singlePageFrame(page, bytes, source.memory.pageSize)]);
    }
    counters[urgentCounterSlots.pagesSent]! += 1;
    counters[urgentCounterSlots.bytesSent]! += sender.bytesSent - before;
  };
  // The request's own trip takes the link's latency; the page's trip back is shaped by the sender.
  const serveArrived = (): void => {
    delayTimer = undefined;
    const now = performance.now();
    while (delayed.length > 0 && delayed[0]!.arriveAt <= now) serve(delayed.shift()!.page);
    const next = delayed[0];
    if (next === undefined) return;
    const waitMs = next.arriveAt - now;
    // setImmediate for the last stretch: timers are only millisecond-grained.
    delayTimer = waitMs < 1.5 ? setImmediate(serveArrived) : setTimeout(serveArrived, Math.floor(waitMs - 0.5));
  };
  const arrive = (page: number): void => {
    if (settings.latencyMs <= 0) return serve(page);
    delayed.push({ page, arriveAt: performance.now() + settings.latencyMs });
    if (delayTimer === undefined) serveArrived();
  };

  const server = createServer((accepted) => {
    sockets.add(accepted);
    accepted.setNoDelay(true);
    const reader = new FrameReader((type, payload) => {
      if (type === frameTypes.pageRequest) {
        for (const page of readIndexList(payload)) arrive(page);
      } else if (type === frameTypes.hello && payload.readUInt32LE(0) === pageServerRoles.receiver) {
        receiver?.destroy();
        receiver = accepted;
        sender = new LinkSender(accepted, accepted, { bandwidthBytesPerSecond: settings.bandwidthBytesPerSecond, latencyMs: settings.latencyMs });
        const waiting = early;
        early = [];
        for (const page of waiting) serve(page);
      }
    });
    accepted.on('data', (chunk: Buffer) => reader.push(chunk));
    accepted.on('error', () => accepted.destroy());
    accepted.on('close', () => {
      sockets.delete(accepted);
      if (accepted !== receiver) return;
      sender?.close();
      sender = undefined;
      receiver = undefined;
      report({ kind: 'closed' });
    });
  });
  warmUp(source.memory.pageSize);
  server.listen(0, '127.0.0.1', () => report({ kind: 'listening', port: (server.address() as { port: number }).port }));
  parentPort?.on('message', (request: UrgentRequest) => {
    if (request.kind === 'configure') {
      settings = { skipZeroPages: request.skipZeroPages, bandwidthBytesPerSecond: request.bandwidthBytesPerSecond, latencyMs: request.latencyMs };
    } else if (request.kind === 'close') {
      for (const socket of sockets) socket.destroy();
      server.close();
      parentPort?.close();
    }
  });
}

/** Destination end: the receiver. Installs each page that answers a fault, which wakes the guest. */
function runDestination(destination: Extract<UrgentChannelOptions, { role: 'destination' }>): void {
  const installer = new PageInstaller(destination.memory, destination.installer);
  let socket: Socket | undefined;
  warmUp(destination.memory.pageSize);
  parentPort?.on('message', (request: UrgentRequest) => {
    if (request.kind === 'configure') return;
    if (request.kind === 'close') {
      socket?.destroy();
      parentPort?.close();
      return;
    }
    const reader = new FrameReader((type, payload) => {
      if (type === frameTypes.pages) installer.installPages(payload);
      else if (type === frameTypes.zeroPages) installer.installZeroPages(readIndexList(payload));
      else return;
      report({ kind: 'installed' });
    });
    const connected = connect({
      host: '127.0.0.1',
      port: request.port,
      onread: { buffer: Buffer.allocUnsafeSlow(64 * 1024), callback: (length: number, buffer: Uint8Array) => {
        reader.push(Buffer.from(buffer.buffer, buffer.byteOffset, length));
        return true;
      } },
    });
    socket = connected;
    connected.setNoDelay(true);
    connected.once('connect', () => connected.write(pageServerHello(pageServerRoles.receiver)));
    connected.on('error', () => connected.destroy());
    connected.on('close', () => report({ kind: 'closed' }));
  });
}

if (options.role === 'source') runSource(options);
else runDestination(options);
