import { describe, expect, it } from 'vitest';
import type { ChartSpec, RunMetrics } from '../../../preload/api.ts';
import { renderChart } from '../../../common/charts/renderChart.ts';
import { collectXySeries } from '../../../common/charts/xyChart.ts';

const sweepChart: ChartSpec = {
  id: 'sweep-latency',
  kind: 'xy',
  title: { en: 'Latency against offered load', 'pt-BR': 'Latência em função da carga oferecida' },
  list: 'sweepPoints',
  x: 'value',
  y: 'latency.mean',
  series: 'server',
  xUnit: 'x',
  xUnitPath: 'sweep.parameter',
  xUnitTexts: { rate: { en: 'req/s offered', 'pt-BR': 'req/s oferecidas' }, connections: 'clients' },
  yUnit: 'ms',
  modelY: 'modelMs',
  modelLabel: { en: 'M/M/c', 'pt-BR': 'M/M/c' },
};

const metrics: RunMetrics = {
  sweep: { parameter: 'rate' },
  sweepPoints: [
    { server: 'iterative', value: 40, latency: { mean: 40 }, modelMs: 50 },
    { server: 'iterative', value: 20, latency: { mean: 21 }, modelMs: 25 },
    { server: 'pool', value: 20, latency: { mean: 20 }, modelMs: 20.1 },
    { server: 'pool', value: 40, latency: { mean: 20.5 }, modelMs: null },
    { server: 'pool', value: 'broken', latency: { mean: 1 } },
  ],
};

describe('the xy chart', () => {
  it('groups points by series in the order met, sorted by x, with the model beside them', () => {
    expect(collectXySeries(metrics, 'sweepPoints', 'value', 'latency.mean', 'server', 'modelMs')).toEqual([
      { series: 'iterative', points: [[20, 21], [40, 40]], model: [[20, 25], [40, 50]] },
      { series: 'pool', points: [[20, 20], [40, 20.5]], model: [[20, 20.1]] },
    ]);
  });

  it('draws measured lines solid and the model dashed, with the x unit read from the metrics', () => {
    const svg = renderChart(sweepChart, [], metrics, 'en');
    expect(svg).toMatch(/^<svg [^>]*data-chart-kind="xy"/);
    expect(svg.match(/class="series-line"/g)).toHaveLength(2);
    expect(svg.match(/class="model-line"[^>]*stroke-dasharray="6 4"/g)).toHaveLength(2);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(4);
    expect(svg).toContain('req/s offered');
    expect(svg).toContain('>M/M/c</text>');
    expect(svg).toContain('data-series="pool" data-points="2" data-model-points="1"');
    // The same input draws the same picture (the report and the window must agree).
    expect(renderChart(sweepChart, [], metrics, 'en')).toBe(svg);
  });

  it('says so when there is nothing to draw, and draws without a model', () => {
    expect(renderChart(sweepChart, [], {}, 'pt-BR')).toContain('sem dados ainda');
    const { modelY: _unused, ...withoutModel } = sweepChart as Extract<ChartSpec, { kind: 'xy' }>;
    const svg = renderChart(withoutModel, [], metrics, 'en');
    expect(svg).not.toContain('model-line');
    expect(svg).toContain('>req/s offered</text>');
  });

  it('names the x axis after what the run varied, in the reader\'s language', () => {
    expect(renderChart(sweepChart, [], metrics, 'pt-BR')).toContain('>req/s oferecidas</text>');
    expect(renderChart(sweepChart, [], metrics, 'pt-BR')).not.toContain('offered');
    // A value the chart has no words for is written as it is; no value at all leaves the declared unit.
    expect(renderChart(sweepChart, [], { ...metrics, sweep: { parameter: 'workers' } }, 'en')).toContain('>workers</text>');
    expect(renderChart(sweepChart, [], { ...metrics, sweep: {} }, 'en')).toContain('>x</text>');
  });
});
