import { describe, expect, it } from 'vitest';
import { createGuestMemoryBuffers, pageChecksum } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import { MemoryChecksums } from '../../../main/engines/vmMigration/guest/memoryChecksums.ts';

describe('per-page checksums of guest memory', () => {
  it('in WebAssembly give exactly pageChecksum, for every word and its order', () => {
    for (const pageSize of [256, 4096, 65536]) {
      const memory = createGuestMemoryBuffers(1024 * 1024, pageSize, true);
      const checksums = new MemoryChecksums(memory);
      expect(checksums.vectorised).toBe(true);
      const words = new Int32Array(memory.data);
      let seed = pageSize;
      for (let index = 0; index < words.length; index += 1) {
        seed = (Math.imul(seed ^ (seed >>> 13), 0x5bd1e995) + index) | 0;
        words[index] = seed;
      }
      words.fill(0, 0, pageSize / 4); // a zero page
      words.fill(-1, pageSize / 4, pageSize / 2); // a page of all ones (wrapping sums)
      for (let page = 0; page < memory.pageCount; page += 1) expect(checksums.of(page), `page ${page} of ${pageSize} bytes`).toBe(pageChecksum(words, page, pageSize / 4));
      // One flipped bit, and two words swapped, change the checksum.
      const page = 3;
      const before = checksums.of(page);
      words[page * (pageSize / 4) + 5]! ^= 1 << 17;
      expect(checksums.of(page)).not.toBe(before);
      words[page * (pageSize / 4) + 5]! ^= 1 << 17;
      const [first, second] = [words[page * (pageSize / 4) + 8]!, words[page * (pageSize / 4) + 12]!];
      words[page * (pageSize / 4) + 8] = second;
      words[page * (pageSize / 4) + 12] = first;
      expect(checksums.of(page)).not.toBe(before);
    }
  });

  it('fall back to pageChecksum for memory that is not whole WebAssembly pages', () => {
    const memory = createGuestMemoryBuffers(3 * 4096, 4096, true);
    expect(memory.wasmMemory).toBeUndefined();
    new Int32Array(memory.data).fill(7);
    const checksums = new MemoryChecksums(memory);
    expect(checksums.vectorised).toBe(false);
    expect(checksums.of(1)).toBe(pageChecksum(new Int32Array(memory.data), 1, 1024));
  });
});
