import type { Language } from '../../preload/api.ts';

// "Nice" axis ticks: steps of 1, 2 or 5 × 10^n, so tick labels are numbers people read at a glance.

export interface AxisTicks {
  /** The axis domain, widened to whole steps so the first and last ticks sit on the ends. */
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** The smallest 1, 2 or 5 × 10^n that is at least `value`. */
function niceStepAtLeast(value: number): number {
  const exponent = Math.floor(Math.log10(value));
  for (const multiplier of [1, 2, 5, 10]) {
    const step = multiplier * 10 ** exponent;
    if (step >= value * (1 - 1e-9)) return step;
  }
  return 10 ** (exponent + 1);
}

/** The next nice step after `step` (1 → 2 → 5 → 10). */
function nextNiceStep(step: number): number {
  return niceStepAtLeast(step * 1.000001);
}

/** Decimal places needed to print multiples of `step` without noise like 0.30000000000000004. */
export function decimalsForStep(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

export function computeAxisTicks(dataMin: number, dataMax: number, maxTickCount = 5): AxisTicks {
  let low = Number.isFinite(dataMin) ? dataMin : 0;
  let high = Number.isFinite(dataMax) ? dataMax : 1;
  if (low > high) [low, high] = [high, low];
  if (low === high) {
    // A flat series still needs a visible range; keep zero on the axis when the value is near it.
    if (low === 0) high = 1;
    else if (low > 0) low = 0;
    else high = 0;
  }
  // Try steps from a little finer than the ideal one and keep the first that gives at most one
  // tick more than asked: this finds 0, 20, …, 100 for 0..97 rather than a sparse 0, 50, 100.
  const tickLimit = Math.max(2, maxTickCount) + 1;
  let step = niceStepAtLeast((high - low) / Math.max(1, maxTickCount - 1) / 2);
  let min = Math.floor(low / step + 1e-9) * step;
  let max = Math.ceil(high / step - 1e-9) * step;
  while (Math.round((max - min) / step) + 1 > tickLimit) {
    step = nextNiceStep(step);
    min = Math.floor(low / step + 1e-9) * step;
    max = Math.ceil(high / step - 1e-9) * step;
  }
  const decimals = decimalsForStep(step);
  const values: number[] = [];
  const count = Math.round((max - min) / step);
  for (let index = 0; index <= count; index += 1) {
    values.push(Number((min + index * step).toFixed(decimals)));
  }
  return { min: Number(min.toFixed(decimals)), max: Number(max.toFixed(decimals)), step, values };
}

/**
 * Prints a tick value; large values get k/M suffixes so the y axis stays narrow. Decimals take the
 * reader's separator (0,25 in Portuguese); digits are not grouped, for the axis's width.
 */
export function formatTickValue(value: number, step: number, language: Language = 'en'): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1_000_000 && step >= 100_000) return `${inLanguage(trimZeros((value / 1_000_000).toFixed(decimalsForStep(step / 1_000_000))), language)}M`;
  if (magnitude >= 10_000 && step >= 1_000) return `${inLanguage(trimZeros((value / 1_000).toFixed(decimalsForStep(step / 1_000))), language)}k`;
  const text = value.toFixed(decimalsForStep(step));
  return text === '-0' ? '0' : inLanguage(text, language);
}

/** Prints a measured value (bar labels) with precision that suits its size. */
export function formatMeasuredValue(value: number, language: Language = 'en'): string {
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return inLanguage(trimZeros(value.toFixed(decimals)), language);
}

/** A number printed with a decimal point, with the decimal separator of `language`. */
function inLanguage(text: string, language: Language): string {
  return language === 'pt-BR' ? text.replace('.', ',') : text;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
