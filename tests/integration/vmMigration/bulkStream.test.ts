import { connect, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InPlaceFrameReader } from '../../../main/engines/vmMigration/link/inPlaceFrameReader.ts';
import { pagesFrameParts } from '../../../main/engines/vmMigration/link/linkFrames.ts';
import { LinkSender, type LinkShape } from '../../../main/engines/vmMigration/link/linkSender.ts';

const pageSize = 4096;
const pageCount = 256;

/** A sending socket, and a receiving one whose reads go where `reader` says (as the destination host's bulk channel). */
async function bulkChannel(reader: InPlaceFrameReader): Promise<{ sending: Socket; close(): void }> {
  const server = createServer();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  const receiving = connect({ host: '127.0.0.1', port, onread: { buffer: () => reader.nextBuffer(), callback: (length: number) => (reader.received(length), true) } });
  const sending = await accepted;
  return {
    sending,
    close: () => {
      sending.destroy();
      receiving.destroy();
      server.close();
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; waited < 5_000 && !condition(); waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the bulk page stream: views of guest memory out, read straight into guest memory in', () => {
  const shapes: LinkShape[] = [
    { bandwidthBytesPerSecond: 0, latencyMs: 0 },
    { bandwidthBytesPerSecond: 200e6, latencyMs: 0.2 },
  ];
  for (const shape of shapes) {
    it(`arrives intact, each page once, in order (${shape.bandwidthBytesPerSecond === 0 ? 'unshaped' : 'shaped'} link)`, async () => {
      const source = Buffer.from(new SharedArrayBuffer(pageCount * pageSize));
      for (let index = 0; index < source.length; index += 1) source[index] = (index * 31 + (index >> 12)) % 256;
      const destination = new Uint8Array(new SharedArrayBuffer(pageCount * pageSize));
      const arrived: number[] = [];
      const reader = new InPlaceFrameReader({ memory: destination, pageSize, onPagesArrived: (first, count) => arrived.push(...Array.from({ length: count }, (_unused, offset) => first + offset)), onFrame: () => undefined });
      const { sending, close } = await bulkChannel(reader);
      try {
        const sender = new LinkSender(sending, sending, shape);
        // Frames of 64 pages, some of them with gaps (several runs in one frame), as pre-copy's later rounds send.
        const order = Array.from({ length: pageCount }, (_unused, page) => page);
        const frames = [order.slice(0, 64), order.slice(64, 128).filter((page) => page % 3 !== 0), order.slice(64, 128).filter((page) => page % 3 === 0), order.slice(128)];
        for (const pages of frames) {
          await sender.whenBulkWritable();
          sender.sendBulk(pagesFrameParts(pages, source, pageSize));
        }
        await until(() => arrived.length >= pageCount);
        expect(arrived).toEqual(frames.flat());
        expect(Buffer.compare(Buffer.from(destination), source)).toBe(0);
        expect(reader.error).toBeUndefined();
      } finally {
        close();
      }
    });
  }

  it('sends what the page holds when the kernel reads it, not a copy taken earlier', async () => {
    // Why the source clears a page's dirty bit before it queues the page: a guest write after the
    // queueing may or may not travel with this frame, and marks the page for the next round either way.
    const source = Buffer.from(new SharedArrayBuffer(4 * pageSize)).fill(1);
    const destination = new Uint8Array(new SharedArrayBuffer(4 * pageSize));
    let arrived = 0;
    const reader = new InPlaceFrameReader({ memory: destination, pageSize, onPagesArrived: (_first, count) => (arrived += count), onFrame: () => undefined });
    const { sending, close } = await bulkChannel(reader);
    try {
      // 20 ms of latency: the frame waits in the shaper, holding a view of the page.
      const sender = new LinkSender(sending, sending, { bandwidthBytesPerSecond: 0, latencyMs: 20 });
      sender.sendBulk(pagesFrameParts([2], source, pageSize));
      source.fill(9, 2 * pageSize, 3 * pageSize);
      await until(() => arrived === 1);
      expect(destination.subarray(2 * pageSize, 3 * pageSize).every((value) => value === 9)).toBe(true);
    } finally {
      close();
    }
  });
});
