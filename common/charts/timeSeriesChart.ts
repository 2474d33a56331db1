import type { Language, Sample } from '../../preload/api.ts';
import { computeAxisTicks } from './axisTicks.ts';
import { drawXAxis, drawYAxis, scaleLinear } from './chartAxes.ts';
import { closeSvg, emptyChart, openSvg, type ChartSize, type PlotArea } from './chartFrame.ts';
import { paletteColour, paletteDash } from './chartPalette.ts';
import { chartWords } from './chartText.ts';
import { adaptTimeUnit } from './timeUnits.ts';
import { formatFixed, formatNumber } from '../format/localeNumbers.ts';
import { escapeSvgText, estimateTextWidth, fitText, formatCoordinate } from './svgText.ts';

export interface TimeSeriesChartInput {
  chartId: string;
  title: string;
  metric: string;
  unit: string;
  samples: readonly Sample[];
  language: Language;
  size: ChartSize;
  /** The order series take their colours in, when several runs are drawn together; by default the run's own order. */
  seriesOrder?: readonly string[];
}

export interface SeriesPoints {
  series: string;
  /** [seconds since the run started, value], in time order. */
  points: [number, number][];
}

/**
 * Groups samples into one line per series. Series are ordered by their first sample's time (then
 * by name), which is the order servers appear in a scenario, so colours line up with bar charts
 * drawn from the metrics list; and the order does not depend on how the samples arrived (live, or
 * read back from the store for a report).
 */
export function collectSeries(samples: readonly Sample[], metric: string): SeriesPoints[] {
  const bySeries = new Map<string, [number, number][]>();
  for (const sample of samples) {
    const value = sample.values[metric];
    if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isFinite(sample.timeMs)) continue;
    let points = bySeries.get(sample.series);
    if (points === undefined) {
      points = [];
      bySeries.set(sample.series, points);
    }
    points.push([sample.timeMs / 1000, value]);
  }
  const seriesList = [...bySeries.entries()].map(([series, points]) => ({
    series,
    points: points.sort((first, second) => first[0] - second[0]),
  }));
  return seriesList.sort((first, second) => {
    const timeDifference = (first.points[0]?.[0] ?? 0) - (second.points[0]?.[0] ?? 0);
    if (timeDifference !== 0) return timeDifference;
    return first.series < second.series ? -1 : first.series > second.series ? 1 : 0;
  });
}

/**
 * Every series of the run, in the same order as collectSeries gives (first sample's time, then
 * name), whatever the metric: a series keeps its colour in a chart where earlier series have no
 * points (a post-copy run in a chart of pre-copy rounds, say).
 */
export function runSeriesOrder(samples: readonly Sample[]): string[] {
  const firstSeen = new Map<string, number>();
  for (const sample of samples) {
    if (!Number.isFinite(sample.timeMs)) continue;
    const seen = firstSeen.get(sample.series);
    if (seen === undefined || sample.timeMs < seen) firstSeen.set(sample.series, sample.timeMs);
  }
  return [...firstSeen.entries()]
    .sort((first, second) => first[1] - second[1] || (first[0] < second[0] ? -1 : first[0] > second[0] ? 1 : 0))
    .map(([series]) => series);
}

const legendFontSize = 12;
const legendSwatchWidth = 18;
const legendItemGap = 16;
const legendRowHeight = 18;

interface LegendItem {
  label: string;
  x: number;
  row: number;
}

/** Lays legend entries out left to right, wrapping onto new rows when the chart is too narrow. */
function layoutLegend(seriesNames: readonly string[], width: number): { items: LegendItem[]; rows: number } {
  const maxLabelWidth = width / 2;
  const items: LegendItem[] = [];
  let x = 12;
  let row = 0;
  for (const name of seriesNames) {
    const label = fitText(name, maxLabelWidth, legendFontSize);
    const itemWidth = legendSwatchWidth + 4 + estimateTextWidth(label, legendFontSize);
    if (x + itemWidth > width - 12 && x > 12) {
      row += 1;
      x = 12;
    }
    items.push({ label, x, row });
    x += itemWidth + legendItemGap;
  }
  return { items, rows: seriesNames.length === 0 ? 0 : row + 1 };
}

export function renderTimeSeriesChart(input: TimeSeriesChartInput): string {
  const { chartId, title, size, language } = input;
  const measured = collectSeries(input.samples, input.metric);
  const largest = Math.max(0, ...measured.flatMap(({ points }) => points.map(([, value]) => Math.abs(value))));
  const { unit, divisor } = adaptTimeUnit(input.unit, largest);
  const seriesList = divisor === 1 ? measured : measured.map(({ series, points }) => ({ series, points: points.map(([time, value]): [number, number] => [time, value / divisor]) }));
  const order = input.seriesOrder ?? runSeriesOrder(input.samples);
  const colourIndex = (series: string): number => Math.max(0, order.indexOf(series));
  const words = chartWords[language];
  if (seriesList.length === 0) return emptyChart(chartId, 'timeSeries', title, words.noData, size);

  const legend = layoutLegend(
    seriesList.map((entry) => entry.series),
    size.width,
  );
  const area: PlotArea = {
    left: 64,
    top: 36,
    right: size.width - 20,
    bottom: size.height - 44 - legend.rows * legendRowHeight,
  };

  let maxTime = 0;
  let minValue = 0;
  let maxValue = 0;
  for (const { points } of seriesList) {
    for (const [time, value] of points) {
      maxTime = Math.max(maxTime, time);
      minValue = Math.min(minValue, value);
      maxValue = Math.max(maxValue, value);
    }
  }
  const xTicks = computeAxisTicks(0, maxTime, Math.max(2, Math.floor((area.right - area.left) / 80)));
  const yTicks = computeAxisTicks(minValue, maxValue, Math.max(2, Math.floor((area.bottom - area.top) / 40)));

  const parts: string[] = [openSvg(chartId, 'timeSeries', title, size)];
  parts.push(drawYAxis(yTicks, area, unit, language));
  parts.push(drawXAxis(xTicks, area, words.timeAxis, language));

  seriesList.forEach(({ series, points }) => {
    const colour = paletteColour(colourIndex(series));
    const dash = paletteDash(colourIndex(series));
    const coordinates = points.map(([time, value]) => [
      formatCoordinate(scaleLinear(time, xTicks.min, xTicks.max, area.left, area.right)),
      formatCoordinate(scaleLinear(value, yTicks.min, yTicks.max, area.bottom, area.top)),
    ]);
    const path = coordinates.map(([x, y], pointIndex) => `${pointIndex === 0 ? 'M' : 'L'}${x} ${y}`).join(' ');
    const escapedSeries = escapeSvgText(series);
    parts.push(`<g class="series" data-series="${escapedSeries}" data-points="${points.length}">`);
    parts.push(
      `<path class="series-line" d="${path}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`,
    );
    coordinates.forEach(([x, y], pointIndex) => {
      const [time, value] = points[pointIndex] ?? [0, 0];
      parts.push(
        `<circle class="point" cx="${x}" cy="${y}" r="2.5" fill="${colour}"><title>${escapedSeries}: ${escapeSvgText(formatNumber(value, language, 3))} ${escapeSvgText(unit)} @ ${escapeSvgText(formatFixed(time, language, 2))} s</title></circle>`,
      );
    });
    parts.push('</g>');
  });

  const legendTop = size.height - 8 - legend.rows * legendRowHeight;
  parts.push('<g class="legend">');
  legend.items.forEach((item, index) => {
    const y = legendTop + item.row * legendRowHeight + legendRowHeight / 2;
    const series = colourIndex(seriesList[index]?.series ?? '');
    const dash = paletteDash(series);
    parts.push(
      `<line x1="${formatCoordinate(item.x)}" x2="${formatCoordinate(item.x + legendSwatchWidth)}" y1="${y}" y2="${y}" stroke="${paletteColour(series)}" stroke-width="3"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`,
      `<text class="legend-label" x="${formatCoordinate(item.x + legendSwatchWidth + 4)}" y="${y}" dominant-baseline="middle" fill="#1f2328">${escapeSvgText(item.label)}</text>`,
    );
  });
  parts.push('</g>');
  parts.push(closeSvg());
  return parts.join('');
}
