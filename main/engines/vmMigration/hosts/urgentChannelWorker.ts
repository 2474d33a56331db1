// Worker entry: one end of the urgent (preempt) channel; see urgentChannel.ts.
import { connect, createServer, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { controlSlots, GuestControl, waitAsync, type GuestControlBuffers } from '../guest/guestControl.ts';
import { isZeroPage, pagePresent, type GuestMemoryBuffers } from '../guest/guestMemory.ts';
import { FrameReader, frameTypes, indexListFrame, pagesFrame, readIndexList } from '../link/linkFrames.ts';
import { LinkSender } from '../link/linkSender.ts';
import { PageInstaller, type InstallerBuffers } from './pageInstaller.ts';
import { urgentCounterSlots, type SourceUrgentShared, type UrgentReport, type UrgentRequest } from './urgentChannel.ts';

export type UrgentChannelOptions =
  | { role: 'source'; memory: GuestMemoryBuffers; shared: SourceUrgentShared }
  | { role: 'destination'; memory: GuestMemoryBuffers; control: GuestControlBuffers; installer: InstallerBuffers };

const options = workerData as UrgentChannelOptions;
const report = (message: UrgentReport): void => parentPort?.postMessage(message);
let socket: Socket | undefined;

function runSource(source: Extract<UrgentChannelOptions, { role: 'source' }>): void {
  const claimMap = new Uint8Array(source.shared.claimMap);
  const counters = new Float64Array(source.shared.counters);
  const bytes = new Uint8Array(source.memory.data);
  const words = new Int32Array(source.memory.data);
  const wordsPerPage = source.memory.pageSize / 4;
  // Set by the host when a migration starts (before any page can be requested).
  let settings = { skipZeroPages: true, bandwidthBytesPerSecond: 0, latencyMs: 0 };
  const server = createServer((accepted) => {
    socket?.destroy();
    socket = accepted;
    accepted.setNoDelay(true);
    let sender: LinkSender | undefined;
    const reader = new FrameReader((type, payload) => {
      if (type !== frameTypes.pageRequest) return;
      sender ??= new LinkSender(accepted, accepted, { bandwidthBytesPerSecond: settings.bandwidthBytesPerSecond, latencyMs: settings.latencyMs });
      for (const page of readIndexList(payload)) {
        if (page >= claimMap.length || Atomics.compareExchange(claimMap, page, 1, 0) !== 1) continue;
        counters[urgentCounterSlots.pagesRequested]! += 1;
        counters[urgentCounterSlots.lastFaultPage] = page;
        counters[urgentCounterSlots.faultSequence]! += 1;
        const before = sender.bytesSent;
        if (settings.skipZeroPages && isZeroPage(words, page, wordsPerPage)) {
          sender.sendUrgent(indexListFrame(frameTypes.zeroPages, [page]));
          counters[urgentCounterSlots.zeroPagesSent]! += 1;
        } else {
          sender.sendUrgent(pagesFrame([page], bytes, source.memory.pageSize));
        }
        counters[urgentCounterSlots.pagesSent]! += 1;
        counters[urgentCounterSlots.bytesSent]! += sender.bytesSent - before;
      }
    });
    accepted.on('data', (chunk: Buffer) => reader.push(chunk));
    accepted.on('error', () => accepted.destroy());
    accepted.on('close', () => {
      sender?.close();
      report({ kind: 'closed' });
    });
  });
  server.listen(0, '127.0.0.1', () => report({ kind: 'listening', port: (server.address() as { port: number }).port }));
  parentPort?.on('message', (request: UrgentRequest) => {
    if (request.kind === 'configure') {
      settings = { skipZeroPages: request.skipZeroPages, bandwidthBytesPerSecond: request.bandwidthBytesPerSecond, latencyMs: request.latencyMs };
    } else if (request.kind === 'close') {
      socket?.destroy();
      server.close();
      parentPort?.close();
    }
  });
}

function runDestination(destination: Extract<UrgentChannelOptions, { role: 'destination' }>): void {
  const control = new GuestControl(destination.control);
  const installer = new PageInstaller(destination.memory, destination.installer);
  const requested = new Uint8Array(destination.memory.pageCount);
  let open = false;
  const serveFaults = async (sender: LinkSender): Promise<void> => {
    let seen = Atomics.load(control.control, controlSlots.faultSequence);
    while (open) {
      const { pages, sequence } = control.pageRequestsSince(seen);
      seen = sequence;
      const wanted = pages.filter((page) => {
        if (requested[page] === 1 || Atomics.load(installer.pageTable, page) === pagePresent) return false;
        requested[page] = 1;
        return true;
      });
      if (wanted.length > 0) sender.sendUrgent(indexListFrame(frameTypes.pageRequest, wanted));
      await waitAsync(control.control, controlSlots.faultSequence, sequence, 100);
    }
  };
  parentPort?.on('message', (request: UrgentRequest) => {
    if (request.kind === 'configure') return;
    if (request.kind === 'close') {
      open = false;
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
    connected.once('connect', () => {
      open = true;
      void serveFaults(new LinkSender(connected, connected, { bandwidthBytesPerSecond: request.bandwidthBytesPerSecond, latencyMs: request.latencyMs }));
    });
    connected.on('error', () => connected.destroy());
    connected.on('close', () => {
      open = false;
      report({ kind: 'closed' });
    });
  });
}

if (options.role === 'source') runSource(options);
else runDestination(options);
