import type { ChartSpec, Language, RunMetrics, Sample } from '../../preload/api.ts';
import { renderBarChart } from './barChart.ts';
import { renderFlowChart } from './flowChart.ts';
import { renderHeatmapChart } from './heatmapChart.ts';
import { defaultChartSize, type ChartSize } from './chartFrame.ts';
import { renderTimeSeriesChart } from './timeSeriesChart.ts';
import { renderXyChart } from './xyChart.ts';

export interface RenderChartOptions {
  width?: number;
  height?: number;
  /** Series in the order they take colours (runs drawn together keep one colour per series in every chart). */
  seriesOrder?: readonly string[];
}

/**
 * Draws one chart of a lab as a standalone SVG string. The UI and the exported report both call
 * this, so a student sees in the report exactly the chart they watched live.
 */
export function renderChart(
  spec: ChartSpec,
  samples: readonly Sample[],
  metrics: RunMetrics | null,
  language: Language,
  options: RenderChartOptions = {},
): string {
  const size: ChartSize = {
    width: positiveOr(options.width, defaultChartSize.width),
    height: positiveOr(options.height, defaultChartSize.height),
  };
  const title = spec.title[language] ?? spec.title.en;
  switch (spec.kind) {
    case 'timeSeries':
      return renderTimeSeriesChart({
        chartId: spec.id,
        title,
        metric: spec.metric,
        unit: spec.unit,
        samples,
        language,
        size,
        ...(options.seriesOrder === undefined ? {} : { seriesOrder: options.seriesOrder }),
      });
    case 'bars':
      return renderBarChart({
        chartId: spec.id,
        title,
        list: spec.list,
        labelKey: spec.labelKey,
        valuePath: spec.valuePath,
        unit: spec.unit,
        scale: spec.scale ?? 'linear',
        metrics,
        language,
        size,
      });
    case 'xy':
      return renderXyChart({
        chartId: spec.id,
        title,
        list: spec.list,
        x: spec.x,
        y: spec.y,
        series: spec.series,
        xUnit: spec.xUnit,
        yUnit: spec.yUnit,
        xUnitPath: spec.xUnitPath,
        modelY: spec.modelY,
        modelLabel: spec.modelLabel,
        scale: spec.scale ?? 'linear',
        markers: spec.markers,
        metrics,
        language,
        size,
      });
    case 'heatmap':
      return renderHeatmapChart({
        chartId: spec.id,
        title,
        cellPrefix: spec.cellPrefix,
        cellLabel: spec.cellLabel[language] ?? spec.cellLabel.en,
        samples,
        language,
        size,
      });
    case 'flow':
      return renderFlowChart({
        chartId: spec.id,
        title,
        list: spec.list,
        panelKey: spec.panelKey,
        weight: spec.weight,
        weightFormat: spec.weightFormat,
        ...(spec.detail === undefined ? {} : { detail: spec.detail }),
        ...(spec.detailWord === undefined ? {} : { detailWord: spec.detailWord }),
        ...(spec.dashed === undefined ? {} : { dashed: spec.dashed }),
        ...(spec.legend === undefined ? {} : { legend: spec.legend }),
        metrics,
        language,
        size,
      });
  }
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : fallback;
}
