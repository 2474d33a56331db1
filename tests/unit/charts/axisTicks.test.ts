import { describe, expect, it } from 'vitest';
import { computeAxisTicks, formatMeasuredValue, formatTickValue } from '../../../common/charts/axisTicks.ts';

describe('computeAxisTicks', () => {
  it('chooses 1-2-5 steps that cover the data', () => {
    expect(computeAxisTicks(0, 97, 5)).toEqual({ min: 0, max: 100, step: 20, values: [0, 20, 40, 60, 80, 100] });
    expect(computeAxisTicks(0, 10, 6).values).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('prints fractional steps without floating-point noise', () => {
    const ticks = computeAxisTicks(0, 0.7, 8);
    expect(ticks.step).toBe(0.1);
    expect(ticks.values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it('handles negative ranges and flat data', () => {
    expect(computeAxisTicks(-35, 12, 5).values).toEqual([-40, -20, 0, 20]);
    expect(computeAxisTicks(0, 0).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const flat = computeAxisTicks(42, 42);
    expect(flat.min).toBe(0);
    expect(flat.max).toBeGreaterThanOrEqual(42);
  });

  it('survives non-finite input', () => {
    const ticks = computeAxisTicks(Number.NaN, Number.POSITIVE_INFINITY);
    expect(ticks.values.every(Number.isFinite)).toBe(true);
  });
});

describe('formatTickValue', () => {
  it('uses k and M suffixes for large values', () => {
    expect(formatTickValue(20_000, 5_000)).toBe('20k');
    expect(formatTickValue(2_500_000, 500_000)).toBe('2.5M');
    expect(formatTickValue(0.25, 0.05)).toBe('0.25');
    expect(formatTickValue(1500, 500)).toBe('1500');
  });

  it('formats measured values by magnitude', () => {
    expect(formatMeasuredValue(1234.56)).toBe('1235');
    expect(formatMeasuredValue(12.34)).toBe('12.3');
    expect(formatMeasuredValue(1.5)).toBe('1.5');
  });

  it('writes decimals with the reader’s separator', () => {
    expect(formatTickValue(0.25, 0.05, 'pt-BR')).toBe('0,25');
    expect(formatTickValue(2_500_000, 500_000, 'pt-BR')).toBe('2,5M');
    expect(formatTickValue(1500, 500, 'pt-BR')).toBe('1500');
    expect(formatMeasuredValue(12.34, 'pt-BR')).toBe('12,3');
  });
});
