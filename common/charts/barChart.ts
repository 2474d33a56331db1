import type { Language, RunMetrics } from '../../preload/api.ts';
import { computeAxisTicks, formatMeasuredValue } from './axisTicks.ts';
import { drawLogYAxis, drawYAxis, logAxisRange, scaleLinear } from './chartAxes.ts';
import { closeSvg, emptyChart, openSvg, type ChartSize, type PlotArea } from './chartFrame.ts';
import { paletteColour } from './chartPalette.ts';
import { chartWords } from './chartText.ts';
import { adaptTimeUnit } from './timeUnits.ts';
import { escapeSvgText, fitText, formatCoordinate } from './svgText.ts';
import { valueAtPath } from './valueAtPath.ts';

export interface BarChartInput {
  chartId: string;
  title: string;
  list: string;
  labelKey: string;
  valuePath: string;
  unit: string;
  /** The words under a bar, for its label as the metrics hold it; by default the label itself. */
  labelText?: (label: string) => string;
  /** A logarithmic axis where asked and every bar is above zero; linear otherwise. */
  scale?: 'linear' | 'log';
  metrics: RunMetrics | null;
  language: Language;
  size: ChartSize;
}

export interface Bar {
  label: string;
  value: number;
}

/** The bars a spec describes, in the order the engine listed them; items without a number are left out. */
export function collectBars(metrics: RunMetrics | null, list: string, labelKey: string, valuePath: string): Bar[] {
  const items = metrics === null ? undefined : valueAtPath(metrics, list);
  if (!Array.isArray(items)) return [];
  const bars: Bar[] = [];
  items.forEach((item: unknown, index) => {
    const value = valueAtPath(item, valuePath);
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    const label = valueAtPath(item, labelKey);
    bars.push({ label: label === undefined || label === null ? `#${index + 1}` : String(label), value });
  });
  return bars;
}

export function renderBarChart(input: BarChartInput): string {
  const { chartId, title, size, language } = input;
  const labelText = input.labelText;
  const collected = collectBars(input.metrics, input.list, input.labelKey, input.valuePath);
  const measured = labelText === undefined ? collected : collected.map((bar) => ({ ...bar, label: labelText(bar.label) }));
  // A logarithmic axis spans orders of magnitude on purpose: it keeps the declared unit.
  const { unit, divisor } = input.scale === 'log' ? { unit: input.unit, divisor: 1 } : adaptTimeUnit(input.unit, Math.max(0, ...measured.map((bar) => Math.abs(bar.value))));
  const bars = divisor === 1 ? measured : measured.map((bar) => ({ ...bar, value: bar.value / divisor }));
  if (bars.length === 0) return emptyChart(chartId, 'bars', title, chartWords[language].noData, size);

  const area: PlotArea = { left: 64, top: 40, right: size.width - 20, bottom: size.height - 40 };
  const logarithmic = input.scale === 'log' && bars.every((bar) => bar.value > 0);
  const slotWidth = (area.right - area.left) / bars.length;
  const barWidth = Math.min(80, slotWidth * 0.7);
  let positionOf: (value: number) => number;
  let zeroY: number;
  const parts: string[] = [openSvg(chartId, 'bars', title, size)];
  if (logarithmic) {
    const range = logAxisRange(bars.map((bar) => bar.value));
    positionOf = (value) => scaleLinear(Math.log10(value), range.lowExponent, range.highExponent, area.bottom, area.top);
    zeroY = area.bottom;
    parts.push(drawLogYAxis(range, area, unit, language));
  } else {
    const minValue = Math.min(0, ...bars.map((bar) => bar.value));
    const maxValue = Math.max(0, ...bars.map((bar) => bar.value));
    const ticks = computeAxisTicks(minValue, maxValue, Math.max(2, Math.floor((area.bottom - area.top) / 40)));
    positionOf = (value) => scaleLinear(value, ticks.min, ticks.max, area.bottom, area.top);
    zeroY = positionOf(0);
    parts.push(drawYAxis(ticks, area, unit, language));
  }
  parts.push(`<line class="axis-line" x1="${area.left}" x2="${area.right}" y1="${formatCoordinate(zeroY)}" y2="${formatCoordinate(zeroY)}" stroke="#6b7280"/>`);
  bars.forEach((bar, index) => {
    const centre = area.left + slotWidth * (index + 0.5);
    const valueY = positionOf(bar.value);
    const top = Math.min(valueY, zeroY);
    const height = Math.abs(zeroY - valueY);
    const label = escapeSvgText(bar.label);
    const valueText = escapeSvgText(`${formatMeasuredValue(bar.value, language)}${unit === '' ? '' : ` ${unit}`}`);
    parts.push(
      `<g class="bar-group" data-label="${label}" data-value="${escapeSvgText(String(bar.value))}">`,
      `<rect class="bar" x="${formatCoordinate(centre - barWidth / 2)}" y="${formatCoordinate(top)}" width="${formatCoordinate(barWidth)}" height="${formatCoordinate(height)}" fill="${paletteColour(index)}"><title>${label}: ${valueText}</title></rect>`,
      `<text class="bar-value" x="${formatCoordinate(centre)}" y="${formatCoordinate(top - 4)}" text-anchor="middle" fill="#1f2328">${valueText}</text>`,
      `<text class="bar-label" x="${formatCoordinate(centre)}" y="${area.bottom + 18}" text-anchor="middle" fill="#374151">${escapeSvgText(fitText(bar.label, slotWidth - 4, 12))}</text>`,
      '</g>',
    );
  });
  parts.push(closeSvg());
  return parts.join('');
}
