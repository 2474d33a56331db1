import { describe, expect, it } from 'vitest';
import { copiedPagesFrame, forEachRun, FrameReader, frameTypes, indexListFrame, pageRequestFrame, pagesFrameBytes, pageServerHello, pageServerRoles, readIndexList, singlePageFrame } from '../../../main/engines/vmMigration/link/linkFrames.ts';

describe('the migration stream framing', () => {
  it('reassembles frames cut at every possible place, from a reused (transient) read buffer', () => {
    const pageSize = 256;
    const memory = new Uint8Array(pageSize * 8).map((_value, index) => (index * 7) % 251);
    const pagesFrame = (pages: number[]): Buffer => copiedPagesFrame(pages, memory, pageSize, Buffer.alloc(pagesFrameBytes(pages.length, pageSize) + 100));
    const stream = Buffer.concat([pagesFrame([1, 2, 3, 6]), ...indexListFrame(frameTypes.pageRequest, [5, 9]), pagesFrame([0]), pageServerHello(pageServerRoles.requester), pageRequestFrame(4), singlePageFrame(7, memory, pageSize)]);
    for (const chunkSize of [1, 3, 8, 13, 100, 1031, stream.length]) {
      const seen: string[] = [];
      const reader = new FrameReader((type, payload) => {
        if (type === frameTypes.pages) {
          const count = payload.readUInt32LE(0);
          for (let position = 0; position < count; position += 1) {
            const page = payload.readUInt32LE(4 + position * 4);
            const data = payload.subarray(4 + count * 4 + position * pageSize, 4 + count * 4 + (position + 1) * pageSize);
            expect(Buffer.compare(data, Buffer.from(memory.subarray(page * pageSize, (page + 1) * pageSize)))).toBe(0);
            seen.push(`page ${page}`);
          }
        } else if (type === frameTypes.hello) {
          seen.push(`hello ${payload.readUInt32LE(0)}`);
        } else {
          seen.push(`request ${[...readIndexList(payload)].join(',')}`);
        }
      });
      const reused = Buffer.alloc(chunkSize);
      for (let offset = 0; offset < stream.length; offset += chunkSize) {
        const length = Math.min(chunkSize, stream.length - offset);
        stream.copy(reused, 0, offset, offset + length);
        reader.push(reused.subarray(0, length));
        reused.fill(0xee); // the socket would overwrite it with the next read
      }
      expect(seen, `chunks of ${chunkSize}`).toEqual(['page 1', 'page 2', 'page 3', 'page 6', 'request 5,9', 'page 0', `hello ${pageServerRoles.requester}`, 'request 4', 'page 7']);
    }
  });

  it('finds runs of consecutive pages', () => {
    const runs: number[][] = [];
    forEachRun([4, 5, 6, 9, 11, 12], (first, position, count) => runs.push([first, position, count]));
    expect(runs).toEqual([
      [4, 0, 3],
      [9, 3, 1],
      [11, 4, 2],
    ]);
  });
});
