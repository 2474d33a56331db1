import { describe, expect, it } from 'vitest';
import { createGuestMemoryBuffers, pageAbsent, pageChecksum, pagePresent } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import { createInstallerBuffers, PageInstaller } from '../../../main/engines/vmMigration/hosts/pageInstaller.ts';
import { copiedPagesFrame, indexListFrame, pagesFrameBytes, readIndexList } from '../../../main/engines/vmMigration/link/linkFrames.ts';

describe('the page installer', () => {
  const pageSize = 4096;
  const source = new Uint8Array(8 * pageSize).map((_value, index) => (index * 13 + (index >> 12)) % 256);
  const sourceWords = new Int32Array(source.buffer);

  it('copies pages in, marks them present, and checksums what arrived, from an aligned or unaligned frame', () => {
    for (const misalignment of [0, 1, 2, 3]) {
      const memory = createGuestMemoryBuffers(8 * pageSize, pageSize, false);
      const installer = new PageInstaller(memory, createInstallerBuffers(memory));
      const frame = copiedPagesFrame([2, 3, 6], source, pageSize, Buffer.alloc(pagesFrameBytes(3, pageSize)));
      // The payload as a socket read may hand it: at any byte offset of a larger buffer.
      const carrier = Buffer.alloc(frame.length + 8);
      frame.copy(carrier, misalignment);
      const payload = carrier.subarray(misalignment + 8, misalignment + frame.length);
      expect(installer.installPages(payload)).toEqual([2, 3, 6]);
      const pageTable = new Int32Array(memory.pageTable);
      const bytes = new Uint8Array(memory.data);
      for (const page of [2, 3, 6]) {
        expect(pageTable[page]).toBe(pagePresent);
        expect(Buffer.compare(bytes.subarray(page * pageSize, (page + 1) * pageSize), source.subarray(page * pageSize, (page + 1) * pageSize))).toBe(0);
        expect(installer.checksums[page], `page ${page}, offset ${misalignment}`).toBe(pageChecksum(sourceWords, page, pageSize / 4));
      }
      expect(pageTable[4]).toBe(pageAbsent);
      expect(installer.presentCount).toBe(3);
    }
  });

  it('takes in pages received straight into guest memory: checksummed there, marked present, counted', () => {
    const memory = createGuestMemoryBuffers(8 * pageSize, pageSize, false);
    const installer = new PageInstaller(memory, createInstallerBuffers(memory));
    new Uint8Array(memory.data).set(source.subarray(2 * pageSize, 5 * pageSize), 2 * pageSize);
    installer.pagesArrivedInPlace(2, 3);
    const pageTable = new Int32Array(memory.pageTable);
    for (const page of [2, 3, 4]) {
      expect(pageTable[page]).toBe(pagePresent);
      expect(installer.checksums[page]).toBe(pageChecksum(sourceWords, page, pageSize / 4));
    }
    expect(pageTable[5]).toBe(pageAbsent);
    expect(installer.presentCount).toBe(3);
    installer.markResumed();
    installer.pagesArrivedInPlace(4, 1);
    expect(installer.duplicates).toBe(1);
    expect(installer.presentCount).toBe(3);
  });

  it('installs zero pages with the zero page checksum and counts pages sent twice after resume', () => {
    const memory = createGuestMemoryBuffers(8 * pageSize, pageSize, false);
    const installer = new PageInstaller(memory, createInstallerBuffers(memory));
    new Uint8Array(memory.data).fill(7);
    installer.installZeroPages(readIndexList(Buffer.concat(indexListFrame(0, [5])).subarray(8)));
    expect(new Uint8Array(memory.data, 5 * pageSize, pageSize).every((value) => value === 0)).toBe(true);
    expect(installer.checksums[5]).toBe(pageChecksum(new Int32Array(pageSize / 4), 0, pageSize / 4));
    installer.markResumed();
    installer.installZeroPages(Uint32Array.of(5));
    expect(installer.duplicates).toBe(1);
    expect(installer.presentCount).toBe(1);
  });
});
