import { escapeSvgText, estimateTextWidth } from './svgText.ts';

// What every chart shares: the outer <svg> with its accessible title, and the plot area's layout.

export interface ChartSize {
  width: number;
  height: number;
}

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const defaultChartSize: ChartSize = { width: 640, height: 320 };

export const chartFont = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** A fragment id that is safe in an attribute and stable for the same chart. */
export function chartElementId(chartId: string, part: string): string {
  return `chart-${chartId.replace(/[^A-Za-z0-9_-]/g, '_')}-${part}`;
}

export function openSvg(chartId: string, kind: string, title: string, size: ChartSize): string {
  const titleId = chartElementId(chartId, 'title');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="proclab-chart" data-chart-kind="${kind}" ` +
    `viewBox="0 0 ${size.width} ${size.height}" width="${size.width}" height="${size.height}" ` +
    `role="img" aria-labelledby="${titleId}" font-family='${chartFont}' font-size="12">` +
    `<title id="${titleId}">${escapeSvgText(title)}</title>` +
    `<rect class="chart-background" x="0" y="0" width="${size.width}" height="${size.height}" fill="#ffffff"/>` +
    titleText(title, size.width - 24)
  );
}

/**
 * The chart's title above the plot: on one line when it fits, else wrapped onto two smaller lines
 * (shrunk further if it must), never cut — a title that ends in "…" loses what the chart shows.
 */
function titleText(title: string, maxWidth: number): string {
  const open = (fontSize: number, y: number): string => `<text class="chart-title" x="12" y="${y}" font-size="${fontSize}" font-weight="600" fill="#1f2328">`;
  if (estimateTextWidth(title, 14) <= maxWidth) return `${open(14, 20)}${escapeSvgText(title)}</text>`;
  const words = title.split(' ');
  let best: [string, string] = [title, ''];
  let bestLonger = Number.POSITIVE_INFINITY;
  for (let split = 1; split < words.length; split += 1) {
    const lines: [string, string] = [words.slice(0, split).join(' '), words.slice(split).join(' ')];
    const longer = Math.max(lines[0].length, lines[1].length);
    if (longer < bestLonger) {
      best = lines;
      bestLonger = longer;
    }
  }
  const fontSize = Math.max(7, Math.min(11, Math.floor(maxWidth / (bestLonger * 0.6))));
  if (best[1] === '') return `${open(fontSize, 20)}${escapeSvgText(best[0])}</text>`;
  return `${open(fontSize, 14)}<tspan x="12">${escapeSvgText(best[0])}</tspan><tspan x="12" dy="${fontSize + 2}">${escapeSvgText(best[1])}</tspan></text>`;
}

export function closeSvg(): string {
  return '</svg>';
}

const emptyChartMarker = 'class="chart-empty"';

/** Whether a drawn chart is the placeholder of a chart that has no data (see emptyChart). */
export function isEmptyChart(svg: string): boolean {
  return svg.includes(emptyChartMarker);
}

/** The whole chart when there is nothing to draw yet, so the layout does not jump once data arrives. */
export function emptyChart(chartId: string, kind: string, title: string, message: string, size: ChartSize): string {
  return (
    openSvg(chartId, kind, title, size) +
    `<text ${emptyChartMarker} x="${size.width / 2}" y="${size.height / 2}" text-anchor="middle" ` +
    `dominant-baseline="middle" fill="#57606a" font-size="14">${escapeSvgText(message)}</text>` +
    closeSvg()
  );
}
