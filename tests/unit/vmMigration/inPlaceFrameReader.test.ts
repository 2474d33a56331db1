import { describe, expect, it } from 'vitest';
import { InPlaceFrameReader } from '../../../main/engines/vmMigration/link/inPlaceFrameReader.ts';
import { frameTypes, indexListFrame, jsonFrame, pagesFrameParts } from '../../../main/engines/vmMigration/link/linkFrames.ts';

const pageSize = 256;
const pageCount = 16;

function sourceMemory(): Buffer {
  return Buffer.from(new Uint8Array(pageSize * pageCount).map((_value, index) => (index * 7 + (index >> 8)) % 251));
}

/** Feeds `stream` to the reader as a socket would: each read fills at most `readLimit` bytes of the buffer it asked for. */
function feed(reader: InPlaceFrameReader, stream: Buffer, readLimit: number): void {
  let offset = 0;
  for (let reads = 0; offset < stream.length && reads < 1_000_000; reads += 1) {
    const target = reader.nextBuffer();
    expect(target.length).toBeGreaterThan(0);
    const length = Math.min(target.length, readLimit, stream.length - offset);
    target.set(stream.subarray(offset, offset + length));
    offset += length;
    reader.received(length);
  }
  expect(offset).toBe(stream.length);
}

describe('the bulk channel reader that places pages in guest memory', () => {
  it('puts every page at its place and hands out the other frames, however the reads cut the stream', () => {
    const source = sourceMemory();
    const stream = Buffer.concat([
      ...pagesFrameParts([3, 4, 5, 9], source, pageSize),
      ...indexListFrame(frameTypes.zeroPages, [7, 8]),
      ...pagesFrameParts([0], source, pageSize),
      ...jsonFrame(frameTypes.state, { cpuState: 'abc', device: [] }),
      ...pagesFrameParts([15, 14, 1, 2], source, pageSize),
      Buffer.from([frameTypes.allSent, 0, 0, 0, 0, 0, 0, 0]),
    ]);
    for (const readLimit of [1, 7, 8, 100, pageSize, pageSize + 3, 1000, stream.length]) {
      const memory = new Uint8Array(pageSize * pageCount);
      const arrived: number[] = [];
      const frames: string[] = [];
      const reader = new InPlaceFrameReader({
        memory,
        pageSize,
        onPagesArrived: (first, count) => {
          for (let page = first; page < first + count; page += 1) {
            // Announced only once whole: its bytes are all there at the call.
            expect(Buffer.compare(memory.subarray(page * pageSize, (page + 1) * pageSize), source.subarray(page * pageSize, (page + 1) * pageSize)), `page ${page}`).toBe(0);
            arrived.push(page);
          }
        },
        onFrame: (type, payload) => frames.push(type === frameTypes.state ? `state ${payload.toString()}` : `${type}:${payload.length}`),
      });
      feed(reader, stream, readLimit);
      expect(reader.error).toBeUndefined();
      expect(arrived, `reads of at most ${readLimit} bytes`).toEqual([3, 4, 5, 9, 0, 15, 14, 1, 2]);
      expect(frames).toEqual([`${frameTypes.zeroPages}:12`, 'state {"cpuState":"abc","device":[]}', `${frameTypes.allSent}:0`]);
      // Pages never sent stay as they were.
      expect(memory.subarray(6 * pageSize, 7 * pageSize).every((value) => value === 0)).toBe(true);
    }
  });

  it('announces a long run page by page as its bytes arrive', () => {
    const source = sourceMemory();
    const stream = Buffer.concat(pagesFrameParts([2, 3, 4, 5], source, pageSize));
    const announcements: number[][] = [];
    const reader = new InPlaceFrameReader({ memory: new Uint8Array(pageSize * pageCount), pageSize, onPagesArrived: (first, count) => announcements.push([first, count]), onFrame: () => undefined });
    feed(reader, stream, pageSize + pageSize / 2);
    // Reads of 1.5 pages: the header and index list, then pages as each becomes whole.
    expect(announcements).toEqual([
      [2, 1],
      [3, 2],
      [5, 1],
    ]);
  });

  it('reports a frame it cannot place instead of writing outside guest memory', () => {
    const memory = new Uint8Array(pageSize * pageCount);
    const outside = Buffer.concat(pagesFrameParts([pageCount], Buffer.alloc(pageSize * (pageCount + 1), 1), pageSize));
    const reader = new InPlaceFrameReader({ memory, pageSize, onPagesArrived: () => expect.fail('no page may arrive'), onFrame: () => undefined });
    feed(reader, outside, outside.length);
    expect(reader.error?.message).toMatch(/page 16 of 16/);
    expect(memory.every((value) => value === 0)).toBe(true);
    const torn = Buffer.alloc(8 + 10);
    torn.writeUInt32LE(frameTypes.pages, 0);
    torn.writeUInt32LE(10, 4);
    const second = new InPlaceFrameReader({ memory, pageSize, onPagesArrived: () => undefined, onFrame: () => undefined });
    feed(second, torn, torn.length);
    expect(second.error?.message).toMatch(/whole pages/);
  });
});
