import { describe, expect, it } from 'vitest';
import { drawAt, nameKey } from '../../../main/network/seededDecisions.ts';

describe('seeded decisions', () => {
  it('give the same draw for the same seed, link, message and slot, and another for any change', () => {
    const key = nameKey('idempotency>client');
    expect(drawAt(7, key, 12, 1)).toBe(drawAt(7, key, 12, 1));
    const variants = [drawAt(8, key, 12, 1), drawAt(7, nameKey('idempotency>server'), 12, 1), drawAt(7, key, 13, 1), drawAt(7, key, 12, 2)];
    for (const variant of variants) expect(variant).not.toBe(drawAt(7, key, 12, 1));
  });

  it('are spread evenly over [0, 1), so a share of 0.2 hits about a fifth of the messages', () => {
    const key = nameKey('link');
    let hits = 0;
    const buckets = new Array<number>(10).fill(0);
    for (let index = 0; index < 100_000; index += 1) {
      const draw = drawAt(42, key, index, 0);
      expect(draw).toBeGreaterThanOrEqual(0);
      expect(draw).toBeLessThan(1);
      buckets[Math.floor(draw * 10)]! += 1;
      if (draw < 0.2) hits += 1;
    }
    expect(hits / 100_000).toBeCloseTo(0.2, 2);
    for (const bucket of buckets) expect(Math.abs(bucket - 10_000)).toBeLessThan(500);
  });
});
