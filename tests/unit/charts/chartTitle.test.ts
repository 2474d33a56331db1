import { describe, expect, it } from 'vitest';
import { renderChart } from '../../../common/charts/renderChart.ts';
import type { ChartSpec } from '../../../preload/api.ts';

describe('a chart title', () => {
  it('wraps onto two lines instead of being cut when it is too long for the chart', () => {
    const long = 'Mapa de páginas: memória do convidado no destino ao longo do tempo (linhas: a cada 250 ms)';
    const spec: ChartSpec = { id: 'long', kind: 'timeSeries', title: { en: long, 'pt-BR': long }, metric: 'x', unit: 'pages' };
    const svg = renderChart(spec, [{ series: 'a', timeMs: 0, values: { x: 1 } }, { series: 'a', timeMs: 100, values: { x: 2 } }], null, 'pt-BR', { width: 420, height: 260 });
    const title = /<text class="chart-title"[^>]*>([\s\S]*?)<\/text>/.exec(svg)![1]!;
    const lines = [...title.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((match) => match[1]);
    expect(lines).toHaveLength(2);
    expect(lines.join(' ')).toBe(long);
    expect(title).not.toContain('…');
  });

  it('stays one line when it fits', () => {
    const spec: ChartSpec = { id: 'short', kind: 'timeSeries', title: { en: 'Throughput', 'pt-BR': 'Vazão' }, metric: 'x', unit: 'req/s' };
    const svg = renderChart(spec, [{ series: 'a', timeMs: 0, values: { x: 1 } }], null, 'en');
    expect(svg).toMatch(/<text class="chart-title"[^>]*font-size="14"[^>]*>Throughput<\/text>/);
  });
});
