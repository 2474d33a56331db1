import { describe, expect, it } from 'vitest';
import type { ChartSpec, Sample } from '../../../preload/api.ts';
import { collectHeatmapRows } from '../../../common/charts/heatmapChart.ts';
import { renderChart } from '../../../common/charts/renderChart.ts';

const spec: ChartSpec = {
  id: 'page-map',
  kind: 'heatmap',
  title: { en: 'Page map', 'pt-BR': 'Mapa de páginas' },
  cellPrefix: 'pageRegion',
  cellLabel: { en: 'share of a region at the destination', 'pt-BR': 'parte de uma região no destino' },
};

function row(series: string, timeMs: number, cells: number[]): Sample {
  return { series, timeMs, values: Object.fromEntries(cells.map((value, index) => [`pageRegion${index}`, value])) };
}

describe('heat-map chart', () => {
  it('draws one row per sample and one cell per region, per series, in time order', () => {
    const samples = [row('post-copy', 500, [100, 50, 0, 0]), row('post-copy', 250, [50, 0, 0, 0]), { series: 'post-copy', timeMs: 300, values: { other: 1 } }, row('pre-copy', 250, [100, 100, 100, 100])];
    const rows = collectHeatmapRows(samples, 'pageRegion');
    expect(rows.get('post-copy')!.map((entry) => entry.timeMs)).toEqual([250, 500]);
    const svg = renderChart(spec, samples, null, 'en');
    expect(svg.match(/class="cell"/g)).toHaveLength(12);
    expect(svg).toContain('data-series="post-copy" data-rows="2"');
    expect(svg).toContain('fill="rgb(0,114,178)" data-value="100"');
    expect(svg).toContain('fill="rgb(255,255,255)" data-value="0"');
  });

  it('thins long runs to a readable number of rows, keeping the last', () => {
    const samples = Array.from({ length: 200 }, (_, index) => row('hybrid', index * 10, [index / 2]));
    const rows = collectHeatmapRows(samples, 'pageRegion').get('hybrid')!;
    expect(rows).toHaveLength(48);
    expect(rows.at(-1)!.timeMs).toBe(1990);
  });

  it('says when there is nothing to draw yet, in the chosen language', () => {
    expect(renderChart(spec, [], null, 'pt-BR')).toContain('sem dados');
  });
});
