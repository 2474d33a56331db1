import { describe, expect, it } from 'vitest';
import { pageAbsent, pagePresent } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import { GuestMemoryPair } from '../../../main/engines/vmMigration/guest/guestMemoryPair.ts';

describe('the memory copies a run reuses for each migration', () => {
  it('hands the same buffers out again, as a fresh guest\'s: zero, source present, destination absent, nothing dirty', () => {
    const pair = new GuestMemoryPair(16 * 4096, 4096);
    const first = pair.take();
    new Uint8Array(first.source.data).fill(7);
    new Uint8Array(first.destination.data).fill(9);
    new Int32Array(first.destination.pageTable).fill(pagePresent);
    new Int32Array(first.source.pageTable)[3] = pageAbsent;
    new Uint8Array(first.source.dirtyMap).fill(1);
    new Uint8Array(first.destination.dirtyMap)[5] = 1;

    const second = pair.take();
    expect(second.source.data).toBe(first.source.data);
    expect(second.destination.data).toBe(first.destination.data);
    for (const copy of [second.source, second.destination]) {
      expect(new Uint8Array(copy.data).every((byte) => byte === 0)).toBe(true);
      expect(new Uint8Array(copy.dirtyMap).every((bit) => bit === 0)).toBe(true);
    }
    expect(new Int32Array(second.source.pageTable).every((state) => state === pagePresent)).toBe(true);
    expect(new Int32Array(second.destination.pageTable).every((state) => state === pageAbsent)).toBe(true);
  });

  it('makes both copies at the size asked for, the source present and the destination absent from the start', () => {
    const pair = new GuestMemoryPair(8 * 4096, 4096);
    const { source, destination } = pair.take();
    expect(source.pageCount).toBe(8);
    expect(destination.data.byteLength).toBe(8 * 4096);
    expect(new Int32Array(source.pageTable).every((state) => state === pagePresent)).toBe(true);
    expect(new Int32Array(destination.pageTable).every((state) => state === pageAbsent)).toBe(true);
  });
});
