import type { ChartSpec, ChartUnit, Language, LocalizedText, RunMetrics, Sample } from '../../preload/api.ts';
import { renderBarChart } from './barChart.ts';
import { renderFlowChart } from './flowChart.ts';
import { renderHeatmapChart } from './heatmapChart.ts';
import { defaultChartSize, type ChartSize } from './chartFrame.ts';
import { renderTimeSeriesChart } from './timeSeriesChart.ts';
import { renderXyChart } from './xyChart.ts';
import { chartUnitText } from './chartText.ts';
import { valueAtPath } from './valueAtPath.ts';
import { splitRunPrefix } from './overlayRuns.ts';

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
        unit: chartUnitText(spec.unit, language),
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
        unit: chartUnitText(spec.unit, language),
        ...(spec.labelTexts === undefined ? {} : { labelText: labelTextIn(spec.labelTexts, language) }),
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
        xUnit: chartUnitText(xUnitOf(spec, metrics), language),
        yUnit: chartUnitText(spec.yUnit, language),
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

/** Words for bar labels in the reader's language; a compared run's bar (`#2 stale`) keeps its run's label. */
function labelTextIn(texts: Record<string, LocalizedText>, language: Language): (label: string) => string {
  const wordsFor = (label: string): string | undefined => (Object.hasOwn(texts, label) ? (texts[label]![language] ?? texts[label]!.en) : undefined);
  return (label) => {
    const own = wordsFor(label);
    if (own !== undefined) return own;
    const split = splitRunPrefix(label);
    const words = split === undefined ? undefined : wordsFor(split.name);
    return words === undefined ? label : `${split!.runLabel} ${words}`;
  };
}

/** The x unit of an xy chart: the one its run's metrics pick (a sweep names what it varied), else the declared one. */
function xUnitOf(spec: Extract<ChartSpec, { kind: 'xy' }>, metrics: RunMetrics | null): ChartUnit {
  if (spec.xUnitPath === undefined || metrics === null) return spec.xUnit;
  const picked = valueAtPath(metrics, spec.xUnitPath);
  if (typeof picked !== 'string' && typeof picked !== 'number') return spec.xUnit;
  return spec.xUnitTexts?.[String(picked)] ?? String(picked);
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : fallback;
}
