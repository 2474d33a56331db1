import { escapeSvgText } from './svgText.ts';

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
    `<text class="chart-title" x="12" y="20" font-size="14" font-weight="600" fill="#1f2328">${escapeSvgText(title)}</text>`
  );
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
