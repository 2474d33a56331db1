import type { Language, Sample } from '../../preload/api.ts';
import { closeSvg, emptyChart, openSvg, type ChartSize } from './chartFrame.ts';
import { chartWords } from './chartText.ts';
import { escapeSvgText, formatCoordinate } from './svgText.ts';

export interface HeatmapChartInput {
  chartId: string;
  title: string;
  cellPrefix: string;
  cellLabel: string;
  samples: readonly Sample[];
  language: Language;
  size: ChartSize;
}

/** More rows than this are thinned evenly (keeping the last), so a long run still fits. */
const maxRows = 48;

interface HeatmapRow {
  timeMs: number;
  cells: number[];
}

/** Each series' rows in time order, read from the samples that carry cell values. */
export function collectHeatmapRows(samples: readonly Sample[], cellPrefix: string): Map<string, HeatmapRow[]> {
  const rows = new Map<string, HeatmapRow[]>();
  for (const sample of [...samples].sort((a, b) => a.timeMs - b.timeMs)) {
    const cells: number[] = [];
    for (let index = 0; typeof sample.values[`${cellPrefix}${index}`] === 'number'; index += 1) {
      cells.push(Math.min(100, Math.max(0, sample.values[`${cellPrefix}${index}`]!)));
    }
    if (cells.length === 0) continue;
    let list = rows.get(sample.series);
    if (list === undefined) rows.set(sample.series, (list = []));
    list.push({ timeMs: sample.timeMs, cells });
  }
  for (const [series, list] of rows) {
    if (list.length <= maxRows) continue;
    const step = (list.length - 1) / (maxRows - 1);
    rows.set(series, Array.from({ length: maxRows }, (_, index) => list[Math.round(index * step)]!));
  }
  return rows;
}

/** White (0 %) to blue (100 %), readable in greyscale print too. */
function cellColour(percent: number): string {
  const mix = (from: number, to: number) => Math.round(from + ((to - from) * percent) / 100);
  return `rgb(${mix(255, 0)},${mix(255, 114)},${mix(255, 178)})`;
}

export function renderHeatmapChart(input: HeatmapChartInput): string {
  const { chartId, title, size, language } = input;
  const rowsBySeries = collectHeatmapRows(input.samples, input.cellPrefix);
  if (rowsBySeries.size === 0) return emptyChart(chartId, 'heatmap', title, chartWords[language].noData, size);

  const panels = [...rowsBySeries.entries()];
  const top = 52;
  const bottom = size.height - 28;
  const gap = 16;
  const panelWidth = (size.width - 24 - gap * (panels.length - 1)) / panels.length;
  const parts = [openSvg(chartId, 'heatmap', title, size)];
  parts.push(`<text class="chart-caption" x="12" y="36" fill="#57606a">${escapeSvgText(input.cellLabel)}: 0 % ▢ → 100 % ■</text>`);
  panels.forEach(([series, rows], panelIndex) => {
    const left = 12 + panelIndex * (panelWidth + gap);
    const cellCount = Math.max(...rows.map((row) => row.cells.length));
    const cellWidth = panelWidth / cellCount;
    const rowHeight = (bottom - top) / rows.length;
    parts.push(`<g class="heatmap-series" data-series="${escapeSvgText(series)}" data-rows="${rows.length}">`);
    rows.forEach((row, rowIndex) => {
      const y = top + rowIndex * rowHeight;
      row.cells.forEach((percent, cellIndex) => {
        parts.push(
          `<rect class="cell" x="${formatCoordinate(left + cellIndex * cellWidth)}" y="${formatCoordinate(y)}" width="${formatCoordinate(cellWidth)}" height="${formatCoordinate(rowHeight)}" fill="${cellColour(percent)}" data-value="${percent}"/>`,
        );
      });
    });
    parts.push(`<rect x="${formatCoordinate(left)}" y="${top}" width="${formatCoordinate(panelWidth)}" height="${formatCoordinate(bottom - top)}" fill="none" stroke="#6b7280"/>`);
    const last = rows.at(-1)!;
    const label = `${series} · ${formatCoordinate(rows[0]!.timeMs / 1000)}–${formatCoordinate(last.timeMs / 1000)} s`;
    parts.push(`<text x="${formatCoordinate(left)}" y="${formatCoordinate(bottom + 16)}" fill="#1f2328">${escapeSvgText(label)}</text></g>`);
  });
  parts.push(closeSvg());
  return parts.join('');
}
