import { describe, expect, it } from 'vitest';
import type { ChartSpec, Sample } from '../../../preload/api.ts';
import { renderChart } from '../../../common/charts/renderChart.ts';

const throughputChart: ChartSpec = {
  id: 'throughput',
  kind: 'timeSeries',
  title: { en: 'Throughput', 'pt-BR': 'Vazão' },
  metric: 'throughputRps',
  unit: 'req/s',
};

const latencyBars: ChartSpec = {
  id: 'p99',
  kind: 'bars',
  title: { en: 'p99 latency', 'pt-BR': 'Latência p99' },
  list: 'servers',
  labelKey: 'name',
  valuePath: 'latencyMs.p99',
  unit: 'ms',
};

function sample(timeMs: number, series: string, throughputRps: number): Sample {
  return { timeMs, series, values: { throughputRps } };
}

function pathPoints(svg: string): string[][] {
  return [...svg.matchAll(/<path class="series-line" d="([^"]*)"/g)].map((match) => (match[1] ?? '').split(/ ?[ML]/).filter(Boolean));
}

describe('renderChart time series', () => {
  const samples: Sample[] = [
    sample(0, 'threaded', 0),
    sample(0, 'single', 0),
    sample(1000, 'threaded', 50),
    sample(1000, 'single', 20),
    sample(2000, 'threaded', 100),
    sample(2000, 'single', 40),
    sample(3000, 'threaded', 100),
  ];

  it('draws one line per series with one point per sample', () => {
    const svg = renderChart(throughputChart, samples, null, 'en');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/class="series-line"/g)).toHaveLength(2);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(7);
    expect(svg).toContain('data-series="single" data-points="3"');
    expect(svg).toContain('data-series="threaded" data-points="4"');
  });

  it('maps time and value onto the plot area', () => {
    const svg = renderChart(throughputChart, samples, null, 'en', { width: 640, height: 320 });
    const [single, threaded] = pathPoints(svg);
    // Plot area: x from 64 to 620 over 0..3 s; y from 258 (bottom, 320-44-18) to 36 over 0..100.
    expect(single?.[0]).toBe('64 258');
    expect(threaded?.[0]).toBe('64 258');
    expect(threaded?.[2]).toBe('434.67 36');
    expect(threaded?.[3]).toBe('620 36');
    expect(single?.[2]).toBe('434.67 169.2');
  });

  it('is accessible, scalable and deterministic', () => {
    const svg = renderChart(throughputChart, samples, null, 'pt-BR');
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="chart-throughput-title">Vazão</title>');
    expect(svg).toContain('viewBox="0 0 640 320"');
    expect(svg).toContain('tempo (s)');
    expect(svg).toContain('req/s');
    expect(renderChart(throughputChart, [...samples].reverse(), null, 'pt-BR')).toBe(svg);
  });

  it('orders series by their first sample so colours follow the scenario order', () => {
    const later = [sample(5000, 'alpha', 1), sample(0, 'zulu', 1), sample(6000, 'alpha', 2)];
    const svg = renderChart(throughputChart, later, null, 'en');
    expect(svg.indexOf('data-series="zulu"')).toBeLessThan(svg.indexOf('data-series="alpha"'));
    expect(svg).toMatch(/data-series="zulu"[^>]*><path class="series-line" d="[^"]*" fill="none" stroke="#0072B2"/);
  });

  it('keeps a series\' colour in a chart where an earlier series has no points', () => {
    // "post" has samples of another metric only: "hybrid" still gets the fourth colour, line and legend.
    const samples: Sample[] = [sample(0, 'stop', 1), { timeMs: 100, series: 'post', values: { other: 1 } }, sample(50, 'pre', 1), sample(200, 'hybrid', 1)];
    const svg = renderChart(throughputChart, samples, null, 'en');
    expect(svg).not.toContain('data-series="post"');
    expect(svg).toMatch(/data-series="hybrid"[^>]*><path class="series-line" d="[^"]*" fill="none" stroke="#D55E00"/);
    expect(svg).toMatch(/<line [^>]*stroke="#D55E00"[^>]*\/><text class="legend-label"[^>]*>hybrid</);
  });

  it('ignores samples without the metric', () => {
    const svg = renderChart(throughputChart, [{ timeMs: 0, series: 'a', values: { other: 1 } }], null, 'en');
    expect(svg).toContain('no data yet');
    expect(svg).not.toContain('series-line');
  });

  it('escapes series names and titles', () => {
    const hostile: ChartSpec = { ...throughputChart, title: { en: '<img src=x onerror=alert(1)>', 'pt-BR': 'x' } };
    const svg = renderChart(hostile, [sample(0, '"><script>alert(1)</script>', 5)], null, 'en');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('data-series="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe('renderChart bars', () => {
  const metrics = {
    servers: [
      { name: 'iterative', latencyMs: { p99: 80 } },
      { name: 'thread-pool', latencyMs: { p99: 12.5 } },
      { name: 'broken', latencyMs: {} },
    ],
  };

  it('draws one bar per item with a numeric value', () => {
    const svg = renderChart(latencyBars, [], metrics, 'en');
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(2);
    expect(svg).toContain('data-label="iterative" data-value="80"');
    expect(svg).toContain('12.5 ms');
    expect(svg).not.toContain('broken');
  });

  it('scales bar heights to the value axis', () => {
    const svg = renderChart(latencyBars, [], metrics, 'en', { width: 640, height: 320 });
    const heights = [...svg.matchAll(/<rect class="bar"[^>]* height="([^"]+)"/g)].map((match) => Number(match[1]));
    // Plot from y=40 to y=280 over 0..80 ms.
    expect(heights).toEqual([240, 37.5]);
  });

  it('draws a logarithmic axis for bars that differ by orders of magnitude', () => {
    const costs = { creation: [{ kind: 'os-thread', p50Us: 20 }, { kind: 'os-spawn', p50Us: 500 }, { kind: 'thread', p50Us: 25_000 }] };
    const spec: ChartSpec = { id: 'creation', kind: 'bars', title: { en: 'Creation', 'pt-BR': 'Criação' }, list: 'creation', labelKey: 'kind', valuePath: 'p50Us', unit: 'µs', scale: 'log' };
    const svg = renderChart(spec, [], costs, 'en', { width: 640, height: 320 });
    const heights = [...svg.matchAll(/<rect class="bar"[^>]* height="([^"]+)"/g)].map((match) => Number(match[1]));
    // Plot from y=40 to y=280 over the decades 10 .. 100 000 µs: 60 px per decade.
    expect(heights.map((height) => Math.round(height))).toEqual([Math.round(60 * Math.log10(2)), Math.round(60 * Math.log10(50)), Math.round(60 * Math.log10(2500))]);
    expect(svg).toContain('data-scale="log"');
    expect(svg).toContain('>100k<');
    // A bar at zero cannot sit on a logarithmic axis: the chart falls back to a linear one.
    const withZero = renderChart(spec, [], { creation: [...costs.creation, { kind: 'none', p50Us: 0 }] }, 'en');
    expect(withZero).not.toContain('data-scale="log"');
  });

  it('shows the empty message without metrics', () => {
    expect(renderChart(latencyBars, [], null, 'pt-BR')).toContain('sem dados ainda');
    expect(renderChart(latencyBars, [], { servers: 'nope' }, 'en')).toContain('no data yet');
  });
});
