import { describe, expect, it } from 'vitest';
import { loopbackSocketPair } from '../../support/loopbackSocketPair.ts';
import { copiedPagesFrame, FrameReader, frameTypes, pagesFrameBytes } from '../../../main/engines/vmMigration/link/linkFrames.ts';
import { LinkSender } from '../../../main/engines/vmMigration/link/linkSender.ts';
import { StagingBuffers } from '../../../main/engines/vmMigration/link/stagingBuffers.ts';

describe('bulk frames copied into reused staging buffers', () => {
  for (const shape of [{ bandwidthBytesPerSecond: 0, latencyMs: 0 }, { bandwidthBytesPerSecond: 200e6, latencyMs: 0.2 }]) {
    it(`arrive intact while a few buffers are reused (${shape.bandwidthBytesPerSecond === 0 ? 'unshaped' : 'shaped'} link)`, async () => {
      const pageSize = 4096;
      const memory = new Uint8Array(256 * pageSize).map((_value, index) => (index * 31 + (index >> 12)) % 256);
      const { sending, receiving, close } = await loopbackSocketPair();
      try {
        const sender = new LinkSender(sending, sending, shape);
        const staging = new StagingBuffers(pagesFrameBytes(16, pageSize));
        const received: number[] = [];
        let corrupt = 0;
        const reader = new FrameReader((type, payload) => {
          if (type !== frameTypes.pages) return;
          const count = payload.readUInt32LE(0);
          for (let position = 0; position < count; position += 1) {
            const page = payload.readUInt32LE(4 + position * 4);
            const data = payload.subarray(4 + count * 4 + position * pageSize, 4 + count * 4 + (position + 1) * pageSize);
            if (Buffer.compare(data, memory.subarray(page * pageSize, (page + 1) * pageSize)) !== 0) corrupt += 1;
            received.push(page);
          }
        });
        receiving.on('data', (chunk: Buffer) => reader.push(chunk));
        let written = 0;
        // 16 frames of 16 pages, 4 MiB in all, each sent after the event loop had a turn (as the
        // source's rounds give it): buffers whose writes completed come back and are taken again.
        for (let frame = 0; frame < 16; frame += 1) {
          await sender.whenBulkWritable();
          await new Promise((resolve) => setImmediate(resolve));
          const pages = Array.from({ length: 16 }, (_unused, index) => frame * 16 + index);
          const buffer = staging.take(pagesFrameBytes(pages.length, pageSize));
          sender.sendBulk([copiedPagesFrame(pages, memory, pageSize, buffer)], () => {
            written += 1;
            staging.give(buffer);
          });
        }
        for (let waited = 0; waited < 5_000 && received.length < 256; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(received).toEqual(Array.from({ length: 256 }, (_unused, page) => page));
        expect(corrupt).toBe(0);
        expect(written).toBe(16);
        // Every buffer made came back once its write reached the kernel: taking them all again makes none.
        const made = staging.created;
        expect(made).toBeGreaterThan(0);
        expect(made).toBeLessThan(16);
        for (let taken = 0; taken < made; taken += 1) staging.take(pageSize);
        expect(staging.created).toBe(made);
      } finally {
        close();
      }
    });
  }
});
