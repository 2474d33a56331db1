import { describe, expect, it } from 'vitest';
import { createGuestMemoryBuffers, GuestMemory, isZeroPage, pageChecksum, pagePresent } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import { KeyValueStore } from '../../../main/engines/vmMigration/guest/keyValueStore.ts';
import { parseBandwidth } from '../../../main/engines/vmMigration/linkShapeText.ts';

describe('guest memory', () => {
  it('marks written pages dirty only while tracking, and leaves reads clean', () => {
    const buffers = createGuestMemoryBuffers(64 * 1024, 4096, true);
    const memory = new GuestMemory(buffers, () => {
      throw new Error('no fault expected');
    });
    memory.writeWord(10, 1);
    expect(memory.dirtyMap[0]).toBe(0);
    memory.trackDirty = true;
    memory.writeWord(1024 * 3 + 5, 42);
    memory.readWord(1024 * 5);
    memory.writeBytes(4096 * 7 - 2, new Uint8Array([1, 2, 3, 4]));
    expect([...memory.dirtyMap]).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(memory.readWord(1024 * 3 + 5)).toBe(42);
  });

  it('calls the fault handler for a missing page and continues once it is present', () => {
    const buffers = createGuestMemoryBuffers(16 * 1024, 4096, false);
    const faults: number[] = [];
    const memory = new GuestMemory(buffers, (page) => {
      faults.push(page);
      memory.words[page * 1024] = 99;
      memory.pageTable[page] = pagePresent;
    });
    expect(memory.readWord(2048)).toBe(99);
    expect(memory.readWord(2048)).toBe(99);
    expect(faults).toEqual([2]);
  });

  it('checksums pages by content and recognises zero pages', () => {
    const buffers = createGuestMemoryBuffers(3 * 4096, 4096, true);
    const words = new Int32Array(buffers.data);
    expect(isZeroPage(words, 1, 1024)).toBe(true);
    const zero = pageChecksum(words, 1, 1024);
    expect(pageChecksum(words, 2, 1024)).toBe(zero);
    words[1024 + 17] = 5;
    expect(isZeroPage(words, 1, 1024)).toBe(false);
    expect(pageChecksum(words, 1, 1024)).not.toBe(zero);
  });

  it('keeps the key-value table in guest memory', () => {
    const buffers = createGuestMemoryBuffers(1024 * 1024, 4096, true);
    const memory = new GuestMemory(buffers, () => undefined);
    const store = new KeyValueStore(memory, 100);
    store.populate(100);
    const ask = (line: string): string => new TextDecoder().decode(store.handle(new Uint8Array([1, 0, 0, 0, ...new TextEncoder().encode(line)])).subarray(4));
    expect(ask('GET k7')).toBe('VALUE initial-k7');
    expect(ask('SET k7 hello world')).toBe('OK');
    expect(ask('GET k7')).toBe('VALUE hello world');
    expect(ask('GET nope')).toBe('MISSING');
    expect(ask('DANCE')).toBe('ERROR bad request');
    // A second view over the same memory (another host's copy after migration) sees the data.
    const again = new KeyValueStore(new GuestMemory(buffers, () => undefined), 100);
    expect(new TextDecoder().decode(again.get(new TextEncoder().encode('k7')))).toBe('hello world');
  });

  it('reads link bandwidths as people write them', () => {
    expect(parseBandwidth('1Gbit')).toBe(125_000_000);
    expect(parseBandwidth('100Mbit')).toBe(12_500_000);
    expect(parseBandwidth('500MB/s')).toBe(500_000_000);
    expect(parseBandwidth('unlimited')).toBe(0);
    expect(parseBandwidth('fast')).toBeUndefined();
  });
});
