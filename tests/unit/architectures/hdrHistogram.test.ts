import { describe, expect, it } from 'vitest';
import { HdrHistogram, histogramRelativePrecision, highestTrackableMicroseconds } from '../../../main/measure/hdrHistogram.ts';

/** The exact percentile of sorted values, by the same nearest-rank rule the histogram uses. */
function exactPercentile(sorted: number[], percentile: number): number {
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** A deterministic generator, so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const percentiles = [0, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100];

function expectWithinPrecision(actual: number, exact: number): void {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(exact * histogramRelativePrecision);
}

describe('HdrHistogram', () => {
  it('is exact below 2048 µs', () => {
    const histogram = new HdrHistogram();
    for (let value = 0; value < 2048; value += 1) histogram.record(value);
    const sorted = Array.from({ length: 2048 }, (_, value) => value);
    for (const percentile of percentiles) expect(histogram.percentile(percentile)).toBe(exactPercentile(sorted, percentile));
  });

  for (const [name, draw] of [
    ['uniform up to 1 s', (random: () => number) => Math.floor(random() * 1_000_000)],
    ['log-uniform from 1 µs to 100 s', (random: () => number) => Math.floor(10 ** (random() * 8))],
    ['bimodal (fast path and slow path)', (random: () => number) => (random() < 0.9 ? 200 + Math.floor(random() * 50) : 40_000 + Math.floor(random() * 9_000))],
  ] as const) {
    it(`matches exact percentiles within ~3 significant digits: ${name}`, () => {
      const random = seededRandom(42);
      const histogram = new HdrHistogram();
      const values: number[] = [];
      for (let index = 0; index < 20_000; index += 1) {
        const value = draw(random);
        values.push(value);
        histogram.record(value);
      }
      values.sort((left, right) => left - right);
      expect(histogram.count).toBe(values.length);
      expect(histogram.max).toBe(values.at(-1));
      expect(histogram.min).toBe(values[0]);
      for (const percentile of percentiles) expectWithinPrecision(histogram.percentile(percentile), exactPercentile(values, percentile));
      const exactMean = values.reduce((sum, value) => sum + value, 0) / values.length;
      expect(histogram.mean).toBeCloseTo(exactMean, 6);
    });
  }

  it('merges, including through its serialized form, as if all values were recorded in one', () => {
    const random = seededRandom(7);
    const whole = new HdrHistogram();
    const parts = [new HdrHistogram(), new HdrHistogram(), new HdrHistogram()];
    for (let index = 0; index < 9_000; index += 1) {
      const value = Math.floor(random() * 5_000_000);
      whole.record(value);
      parts[index % 3]!.record(value);
    }
    const merged = new HdrHistogram();
    merged.merge(parts[0]!);
    merged.merge(JSON.parse(JSON.stringify(parts[1]!.serialize())));
    merged.merge(structuredClone(parts[2]!.serialize()));
    expect(merged.count).toBe(whole.count);
    expect(merged.max).toBe(whole.max);
    expect(merged.min).toBe(whole.min);
    for (const percentile of percentiles) expect(merged.percentile(percentile)).toBe(whole.percentile(percentile));
    expect(HdrHistogram.fromSerialized(whole.serialize()).percentile(99)).toBe(whole.percentile(99));
  });

  it('keeps its serialized form small (only non-empty buckets)', () => {
    const histogram = new HdrHistogram();
    for (let index = 0; index < 10_000; index += 1) histogram.record(20_000);
    expect(histogram.serialize().counts).toHaveLength(2);
  });

  it('resets to empty and reports zeros when empty', () => {
    const histogram = new HdrHistogram();
    expect(histogram.percentile(99)).toBe(0);
    histogram.record(123_456);
    histogram.reset();
    expect(histogram.count).toBe(0);
    expect(histogram.max).toBe(0);
    expect(histogram.min).toBe(0);
    expect(histogram.percentile(50)).toBe(0);
  });

  it('rounds fractional microseconds, clamps out-of-range values and ignores non-finite ones', () => {
    const histogram = new HdrHistogram();
    histogram.record(10.4);
    histogram.record(10.6);
    histogram.record(-5);
    histogram.record(Number.NaN);
    histogram.record(highestTrackableMicroseconds * 10);
    expect(histogram.count).toBe(4);
    expect(histogram.percentile(0)).toBe(0);
    expect(histogram.percentile(50)).toBe(10);
    expect(histogram.percentile(75)).toBe(11);
    expect(histogram.max).toBe(highestTrackableMicroseconds);
  });

  it('records a value many times at once', () => {
    const histogram = new HdrHistogram();
    histogram.record(1000, 99);
    histogram.record(50_000, 1);
    expect(histogram.count).toBe(100);
    expect(histogram.percentile(99)).toBe(1000);
    expect(histogram.percentile(100)).toBe(50_000);
  });
});
