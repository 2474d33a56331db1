import { describe, expect, it } from 'vitest';
import { createRingBuffer, SharedRing } from '../../../main/engines/vmMigration/guest/sharedRing.ts';

describe('the shared NIC ring', () => {
  it('keeps records in order across many wrap-arounds and refuses when full', () => {
    const buffer = createRingBuffer(256);
    const producer = new SharedRing(buffer);
    const consumer = new SharedRing(buffer);
    let written = 0;
    let read = 0;
    for (let step = 0; step < 2000; step += 1) {
      const record = new TextEncoder().encode(`record-${written}-${'x'.repeat(written % 37)}`);
      if (producer.push(record)) written += 1;
      if (step % 3 !== 0) {
        const taken = consumer.shift();
        if (taken !== undefined) {
          expect(new TextDecoder().decode(taken).startsWith(`record-${read}-`)).toBe(true);
          read += 1;
        }
      }
    }
    for (const taken of consumer.drain()) {
      expect(new TextDecoder().decode(taken).startsWith(`record-${read}-`)).toBe(true);
      read += 1;
    }
    expect(read).toBe(written);
    expect(written).toBeGreaterThan(1000);
    expect(consumer.isEmpty).toBe(true);
  });

  it('reports full instead of overwriting unread records', () => {
    const ring = new SharedRing(createRingBuffer(64));
    const record = new Uint8Array(20).fill(7);
    expect(ring.push(record)).toBe(true);
    expect(ring.push(record)).toBe(true);
    expect(ring.push(record)).toBe(false);
    expect(ring.shift()).toEqual(record);
    // Wrapping needs room for the record plus the one byte that tells full from empty.
    expect(ring.push(record)).toBe(false);
    expect(ring.shift()).toEqual(record);
    expect(ring.push(record)).toBe(true);
    expect(ring.shift()).toEqual(record);
    expect(ring.isEmpty).toBe(true);
  });
});
