import type { Language, LocalizedText, RunMetrics } from '../../preload/api.ts';
import { computeAxisTicks } from './axisTicks.ts';
import { drawLogXAxis, drawLogYAxis, drawXAxis, drawYAxis, logAxisRange, scaleLinear } from './chartAxes.ts';
import { closeSvg, emptyChart, openSvg, type ChartSize, type PlotArea } from './chartFrame.ts';
import { paletteColour } from './chartPalette.ts';
import { chartWords } from './chartText.ts';
import { escapeSvgText, estimateTextWidth, fitText, formatCoordinate } from './svgText.ts';
import { valueAtPath } from './valueAtPath.ts';
import { formatNumber } from '../format/localeNumbers.ts';

export interface XyChartInput {
  chartId: string;
  title: string;
  list: string;
  x: string;
  y: string;
  series: string;
  xUnit: string;
  yUnit: string;
  modelY?: string;
  modelLabel?: LocalizedText;
  /** Logarithmic axes where asked and every value is above zero; linear otherwise. */
  scale?: 'linear' | 'log';
  /** Path to a list of `{x, label}` drawn as vertical dashed lines. */
  markers?: string;
  metrics: RunMetrics | null;
  language: Language;
  size: ChartSize;
}

export interface XySeries {
  series: string;
  /** Measured [x, y], by increasing x. */
  points: [number, number][];
  /** The model's [x, y] where it predicts one, by increasing x. */
  model: [number, number][];
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Groups a metrics list into series (in the order first met), each sorted by x. */
export function collectXySeries(metrics: RunMetrics | null, list: string, x: string, y: string, series: string, modelY?: string): XySeries[] {
  const items = metrics === null ? undefined : valueAtPath(metrics, list);
  if (!Array.isArray(items)) return [];
  const bySeries = new Map<string, XySeries>();
  for (const item of items as unknown[]) {
    const xValue = valueAtPath(item, x);
    if (!finite(xValue)) continue;
    const name = String(valueAtPath(item, series) ?? '');
    let entry = bySeries.get(name);
    if (entry === undefined) {
      entry = { series: name, points: [], model: [] };
      bySeries.set(name, entry);
    }
    const yValue = valueAtPath(item, y);
    if (finite(yValue)) entry.points.push([xValue, yValue]);
    const modelValue = modelY === undefined ? undefined : valueAtPath(item, modelY);
    if (finite(modelValue)) entry.model.push([xValue, modelValue]);
  }
  const byX = (first: [number, number], second: [number, number]): number => first[0] - second[0];
  return [...bySeries.values()]
    .filter((entry) => entry.points.length > 0 || entry.model.length > 0)
    .map((entry) => ({ ...entry, points: entry.points.sort(byX), model: entry.model.sort(byX) }));
}

const legendRowHeight = 18;
const legendSwatchWidth = 18;

/**
 * Draws measured points joined by solid lines, one colour per series, and the model's prediction
 * for the same series as a dashed line of the same colour: theory and measurement side by side.
 */
export function renderXyChart(input: XyChartInput): string {
  const { chartId, title, size, language } = input;
  const words = chartWords[language];
  const seriesList = collectXySeries(input.metrics, input.list, input.x, input.y, input.series, input.modelY);
  if (seriesList.length === 0) return emptyChart(chartId, 'xy', title, words.noData, size);
  const xUnit = input.xUnit;
  const hasModel = seriesList.some((entry) => entry.model.length > 0);
  const modelLabel = input.modelLabel === undefined ? words.model : (input.modelLabel[language] ?? input.modelLabel.en);

  // Legend: one entry per series, then the dashed model entry; wraps onto new rows.
  const labels = [...seriesList.map((entry) => fitText(entry.series, size.width / 2, 12)), ...(hasModel ? [modelLabel] : [])];
  const legendItems: { label: string; x: number; row: number }[] = [];
  let legendX = 12;
  let legendRow = 0;
  for (const label of labels) {
    const itemWidth = legendSwatchWidth + 4 + estimateTextWidth(label, 12);
    if (legendX + itemWidth > size.width - 12 && legendX > 12) {
      legendRow += 1;
      legendX = 12;
    }
    legendItems.push({ label, x: legendX, row: legendRow });
    legendX += itemWidth + 16;
  }
  const legendRows = legendRow + 1;
  const area: PlotArea = { left: 64, top: 36, right: size.width - 20, bottom: size.height - 44 - legendRows * legendRowHeight };

  const allPoints = seriesList.flatMap((entry) => [...entry.points, ...entry.model]);
  const xs = allPoints.map(([xValue]) => xValue);
  const ys = allPoints.map(([, yValue]) => yValue);
  const markerItems = input.markers === undefined || input.metrics === null ? undefined : valueAtPath(input.metrics, input.markers);
  const markers = (Array.isArray(markerItems) ? (markerItems as unknown[]) : [])
    .map((item) => ({ x: valueAtPath(item, 'x'), label: String(valueAtPath(item, 'label') ?? '') }))
    .filter((marker): marker is { x: number; label: string } => finite(marker.x));
  const logarithmic = input.scale === 'log' && [...xs, ...ys, ...markers.map((marker) => marker.x)].every((value) => value > 0);
  let xPixel: (value: number) => number;
  let yPixel: (value: number) => number;
  let axes: string[];
  if (logarithmic) {
    const xRange = logAxisRange([...xs, ...markers.map((marker) => marker.x)]);
    const yRange = logAxisRange(ys);
    xPixel = (value) => scaleLinear(Math.log10(value), xRange.lowExponent, xRange.highExponent, area.left, area.right);
    yPixel = (value) => scaleLinear(Math.log10(value), yRange.lowExponent, yRange.highExponent, area.bottom, area.top);
    axes = [drawLogYAxis(yRange, area, input.yUnit, language), drawLogXAxis(xRange, area, xUnit, language)];
  } else {
    const xTicks = computeAxisTicks(Math.min(0, ...xs), Math.max(...xs, ...markers.map((marker) => marker.x)), Math.max(2, Math.floor((area.right - area.left) / 80)));
    const yTicks = computeAxisTicks(Math.min(0, ...ys), Math.max(...ys), Math.max(2, Math.floor((area.bottom - area.top) / 40)));
    xPixel = (value) => scaleLinear(value, xTicks.min, xTicks.max, area.left, area.right);
    yPixel = (value) => scaleLinear(value, yTicks.min, yTicks.max, area.bottom, area.top);
    axes = [drawYAxis(yTicks, area, input.yUnit, language), drawXAxis(xTicks, area, xUnit, language)];
  }
  const toPixel = ([xValue, yValue]: [number, number]): [string, string] => [formatCoordinate(xPixel(xValue)), formatCoordinate(yPixel(yValue))];
  const pathOf = (points: [number, number][]): string =>
    points
      .map(toPixel)
      .map(([px, py], index) => `${index === 0 ? 'M' : 'L'}${px} ${py}`)
      .join(' ');

  const parts: string[] = [openSvg(chartId, 'xy', title, size), ...axes];
  for (const marker of markers) {
    const x = formatCoordinate(xPixel(marker.x));
    parts.push(
      `<g class="marker"><line x1="${x}" x2="${x}" y1="${area.top}" y2="${area.bottom}" stroke="#57606a" stroke-width="1.5" stroke-dasharray="3 3"/>`,
      `<text class="marker-label" x="${x}" y="${area.top - 4}" text-anchor="middle" fill="#1f2328" font-size="11">${escapeSvgText(fitText(marker.label, 160, 11))}</text></g>`,
    );
  }
  seriesList.forEach((entry, index) => {
    const colour = paletteColour(index);
    const name = escapeSvgText(entry.series);
    parts.push(`<g class="series" data-series="${name}" data-points="${entry.points.length}" data-model-points="${entry.model.length}">`);
    if (entry.model.length > 0) {
      parts.push(`<path class="model-line" d="${pathOf(entry.model)}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="6 4" opacity="0.85"/>`);
    }
    if (entry.points.length > 1) {
      parts.push(`<path class="series-line" d="${pathOf(entry.points)}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round"/>`);
    }
    for (const point of entry.points) {
      const [px, py] = toPixel(point);
      parts.push(
        `<circle class="point" cx="${px}" cy="${py}" r="3.5" fill="${colour}"><title>${name}: ${escapeSvgText(formatNumber(point[1], language, 3))} ${escapeSvgText(input.yUnit)} @ ${escapeSvgText(formatNumber(point[0], language, 3))} ${escapeSvgText(xUnit)}</title></circle>`,
      );
    }
    parts.push('</g>');
  });

  const legendTop = size.height - 8 - legendRows * legendRowHeight;
  parts.push('<g class="legend">');
  legendItems.forEach((item, index) => {
    const y = legendTop + item.row * legendRowHeight + legendRowHeight / 2;
    const isModel = hasModel && index === legendItems.length - 1;
    const stroke = isModel ? '#57606a' : paletteColour(index);
    parts.push(
      `<line x1="${formatCoordinate(item.x)}" x2="${formatCoordinate(item.x + legendSwatchWidth)}" y1="${y}" y2="${y}" stroke="${stroke}" stroke-width="${isModel ? 1.5 : 3}"${isModel ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text class="legend-label" x="${formatCoordinate(item.x + legendSwatchWidth + 4)}" y="${y}" dominant-baseline="middle" fill="#1f2328">${escapeSvgText(item.label)}</text>`,
    );
  });
  parts.push('</g>');
  parts.push(closeSvg());
  return parts.join('');
}
