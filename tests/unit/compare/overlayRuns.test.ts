import { describe, expect, it } from 'vitest';
import { overlayRuns } from '../../../common/charts/overlayRuns.ts';
import { renderChart } from '../../../common/charts/renderChart.ts';
import type { ChartSpec, Sample } from '../../../preload/api.ts';
import { scenarioDifferences } from '../../../common/compare/scenarioDifferences.ts';

const timeChart: ChartSpec = { id: 't', kind: 'timeSeries', title: { en: 'T', 'pt-BR': 'T' }, metric: 'rps', unit: 'req/s' };
const bars: ChartSpec = { id: 'b', kind: 'bars', title: { en: 'B', 'pt-BR': 'B' }, list: 'summary.servers', labelKey: 'name', valuePath: 'rps', unit: 'req/s' };
const sample = (series: string, timeMs: number, rps: number): Sample => ({ series, timeMs, values: { rps } });

describe('runs overlaid in one chart', () => {
  const runs = [
    { label: '#1', samples: [sample('a', 100, 1), sample('b', 50, 2)], metrics: { summary: { servers: [{ name: 'a', rps: 1 }] } } },
    { label: '#2', samples: [sample('a', 10, 3)], metrics: { summary: { servers: [{ name: 'a', rps: 4 }] } } },
  ];

  it('names every series after its run and orders colours by run, then by each run’s own order', () => {
    const data = overlayRuns(timeChart, runs);
    expect(data.seriesOrder).toEqual(['#1 b', '#1 a', '#2 a']);
    expect(new Set(data.samples.map((each) => each.series))).toEqual(new Set(['#1 a', '#1 b', '#2 a']));
    // #2 a starts first in time, yet keeps the third colour.
    const svg = renderChart(timeChart, data.samples, data.metrics, 'en', { seriesOrder: data.seriesOrder });
    const alone = renderChart(timeChart, runs[1]!.samples.map((each) => ({ ...each, series: '#2 a' })), null, 'en', { seriesOrder: data.seriesOrder });
    const strokeOf = (text: string): string => /data-series="#2 a"[^>]*>\s*<path[^>]*stroke="([^"]+)"/.exec(text)![1]!;
    expect(strokeOf(svg)).toBe(strokeOf(alone));
  });

  it('joins the lists bars are drawn from, each item named after its run', () => {
    const data = overlayRuns(bars, runs);
    expect(data.metrics).toMatchObject({ summary: { servers: [{ name: '#1 a', rps: 1 }, { name: '#2 a', rps: 4 }] } });
  });
});

describe('scenario differences', () => {
  it('lists the settings that differ, with each run’s value, named list items by name', () => {
    const first = 'load:\n  connections: 2\n  duration: 1s\nservers:\n  - name: a\n    workers: 4\n';
    const second = 'load:\n  connections: 8\n  duration: 1s\nservers:\n  - name: a\n    workers: 4\n  - name: b\n';
    expect(scenarioDifferences([first, second])).toEqual([
      { path: 'load.connections', values: ['2', '8'] },
      { path: 'servers[b].name', values: ['', 'b'] },
    ]);
    expect(scenarioDifferences([first, first])).toEqual([]);
  });
});
