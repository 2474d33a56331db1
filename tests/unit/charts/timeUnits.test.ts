import { describe, expect, it } from 'vitest';
import { renderChart } from '../../../common/charts/renderChart.ts';
import { adaptTimeUnit } from '../../../common/charts/timeUnits.ts';
import type { ChartSpec } from '../../../preload/api.ts';

describe('time units on chart axes', () => {
  it('moves to the next unit once values reach ten thousand, and leaves other units alone', () => {
    expect(adaptTimeUnit('µs', 50_000)).toEqual({ unit: 'ms', divisor: 1000 });
    expect(adaptTimeUnit('µs', 9_999)).toEqual({ unit: 'µs', divisor: 1 });
    expect(adaptTimeUnit('µs', 50_000_000)).toEqual({ unit: 's', divisor: 1_000_000 });
    expect(adaptTimeUnit('pages', 50_000)).toEqual({ unit: 'pages', divisor: 1 });
  });

  it('draws tens of milliseconds measured in µs as ms', () => {
    const spec: ChartSpec = { id: 'latency', kind: 'timeSeries', title: { en: 'Fault latency', 'pt-BR': 'Latência' }, metric: 'latency', unit: 'µs' };
    const svg = renderChart(spec, [0, 1, 2].map((index) => ({ series: 'post-copy', timeMs: index * 100, values: { latency: 20_000 + index * 15_000 } })), null, 'en');
    expect(svg).toMatch(/class="axis-title"[^>]*>ms</);
    expect(svg).not.toMatch(/\dk</);
  });
});
