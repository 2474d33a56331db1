import type { Language } from '../../preload/api.ts';
import { formatTickValue, type AxisTicks } from './axisTicks.ts';
import type { PlotArea } from './chartFrame.ts';
import { escapeSvgText, formatCoordinate } from './svgText.ts';

// Axis lines, grid lines, tick labels and axis titles, shared by the line and bar charts.

const gridColour = '#e5e7eb';
const axisColour = '#6b7280';
const labelColour = '#374151';

/** Maps a value on an axis domain to a pixel between `from` and `to`. */
export function scaleLinear(value: number, domainMin: number, domainMax: number, from: number, to: number): number {
  const span = domainMax - domainMin;
  if (span === 0) return from;
  return from + ((value - domainMin) / span) * (to - from);
}

export function drawYAxis(ticks: AxisTicks, area: PlotArea, unit: string, language: Language = 'en'): string {
  const parts: string[] = ['<g class="y-axis">'];
  for (const value of ticks.values) {
    const y = formatCoordinate(scaleLinear(value, ticks.min, ticks.max, area.bottom, area.top));
    parts.push(
      `<line class="grid-line" x1="${area.left}" x2="${area.right}" y1="${y}" y2="${y}" stroke="${gridColour}"/>`,
      `<text class="tick-label" x="${area.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="${labelColour}">${escapeSvgText(formatTickValue(value, ticks.step, language))}</text>`,
    );
  }
  parts.push(`<line class="axis-line" x1="${area.left}" x2="${area.left}" y1="${area.top}" y2="${area.bottom}" stroke="${axisColour}"/>`);
  if (unit !== '') {
    const middle = formatCoordinate((area.top + area.bottom) / 2);
    parts.push(
      `<text class="axis-title" x="14" y="${middle}" text-anchor="middle" fill="${labelColour}" transform="rotate(-90 14 ${middle})">${escapeSvgText(unit)}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** Whole powers of ten around the values: the decade below the smallest to the one above the largest. */
export interface LogAxisRange {
  lowExponent: number;
  highExponent: number;
}

export function logAxisRange(positiveValues: readonly number[]): LogAxisRange {
  const lowExponent = Math.floor(Math.log10(Math.min(...positiveValues)));
  const highExponent = Math.max(lowExponent + 1, Math.ceil(Math.log10(Math.max(...positiveValues))));
  return { lowExponent, highExponent };
}

/** A y axis with one grid line per power of ten. */
export function drawLogYAxis(range: LogAxisRange, area: PlotArea, unit: string, language: Language = 'en'): string {
  const parts: string[] = ['<g class="y-axis" data-scale="log">'];
  for (let exponent = range.lowExponent; exponent <= range.highExponent; exponent += 1) {
    const y = formatCoordinate(scaleLinear(exponent, range.lowExponent, range.highExponent, area.bottom, area.top));
    const value = 10 ** exponent;
    const text = formatTickValue(Number(value.toPrecision(1)), value >= 10_000 ? value : 10 ** Math.min(0, exponent), language);
    parts.push(
      `<line class="grid-line" x1="${area.left}" x2="${area.right}" y1="${y}" y2="${y}" stroke="${gridColour}"/>`,
      `<text class="tick-label" x="${area.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="${labelColour}">${escapeSvgText(text)}</text>`,
    );
  }
  parts.push(`<line class="axis-line" x1="${area.left}" x2="${area.left}" y1="${area.top}" y2="${area.bottom}" stroke="${axisColour}"/>`);
  if (unit !== '') {
    const middle = formatCoordinate((area.top + area.bottom) / 2);
    parts.push(
      `<text class="axis-title" x="14" y="${middle}" text-anchor="middle" fill="${labelColour}" transform="rotate(-90 14 ${middle})">${escapeSvgText(`${unit} (log)`)}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

export function drawXAxis(ticks: AxisTicks, area: PlotArea, title: string, language: Language = 'en'): string {
  const parts: string[] = ['<g class="x-axis">'];
  for (const value of ticks.values) {
    const x = formatCoordinate(scaleLinear(value, ticks.min, ticks.max, area.left, area.right));
    parts.push(
      `<line class="tick" x1="${x}" x2="${x}" y1="${area.bottom}" y2="${area.bottom + 4}" stroke="${axisColour}"/>`,
      `<text class="tick-label" x="${x}" y="${area.bottom + 16}" text-anchor="middle" fill="${labelColour}">${escapeSvgText(formatTickValue(value, ticks.step, language))}</text>`,
    );
  }
  parts.push(`<line class="axis-line" x1="${area.left}" x2="${area.right}" y1="${area.bottom}" y2="${area.bottom}" stroke="${axisColour}"/>`);
  parts.push(
    `<text class="axis-title" x="${formatCoordinate((area.left + area.right) / 2)}" y="${area.bottom + 32}" text-anchor="middle" fill="${labelColour}">${escapeSvgText(title)}</text>`,
  );
  parts.push('</g>');
  return parts.join('');
}

/** An x axis with one tick per power of ten (for sweeps over orders of magnitude). */
export function drawLogXAxis(range: LogAxisRange, area: PlotArea, title: string, language: Language = 'en'): string {
  const parts: string[] = ['<g class="x-axis" data-scale="log">'];
  for (let exponent = range.lowExponent; exponent <= range.highExponent; exponent += 1) {
    const x = formatCoordinate(scaleLinear(exponent, range.lowExponent, range.highExponent, area.left, area.right));
    const value = 10 ** exponent;
    const text = formatTickValue(Number(value.toPrecision(1)), value >= 10_000 ? value : 10 ** Math.min(0, exponent), language);
    parts.push(
      `<line class="tick" x1="${x}" x2="${x}" y1="${area.bottom}" y2="${area.bottom + 4}" stroke="${axisColour}"/>`,
      `<line class="grid-line" x1="${x}" x2="${x}" y1="${area.top}" y2="${area.bottom}" stroke="${gridColour}"/>`,
      `<text class="tick-label" x="${x}" y="${area.bottom + 16}" text-anchor="middle" fill="${labelColour}">${escapeSvgText(text)}</text>`,
    );
  }
  parts.push(`<line class="axis-line" x1="${area.left}" x2="${area.right}" y1="${area.bottom}" y2="${area.bottom}" stroke="${axisColour}"/>`);
  parts.push(
    `<text class="axis-title" x="${formatCoordinate((area.left + area.right) / 2)}" y="${area.bottom + 32}" text-anchor="middle" fill="${labelColour}">${escapeSvgText(`${title} (log)`)}</text>`,
  );
  parts.push('</g>');
  return parts.join('');
}
