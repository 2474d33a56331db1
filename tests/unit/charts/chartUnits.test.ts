import { describe, expect, it } from 'vitest';
import type { ChartSpec, ChartUnit, Sample } from '../../../preload/api.ts';
import { renderChart } from '../../../common/charts/renderChart.ts';
import { engineSurfaces } from '../../../main/engines/engineRegistry.ts';

import { chartUnitSymbols as symbols } from '../../support/chartUnitSymbols.ts';

/** Every unit a chart declares, wherever its kind keeps them. */
function declaredUnits(spec: ChartSpec): { field: string; unit: ChartUnit }[] {
  const record = spec as unknown as Record<string, unknown>;
  const units: { field: string; unit: ChartUnit }[] = [];
  for (const field of ['unit', 'xUnit', 'yUnit']) if (record[field] !== undefined) units.push({ field, unit: record[field] as ChartUnit });
  for (const [value, unit] of Object.entries((record.xUnitTexts ?? {}) as Record<string, ChartUnit>)) units.push({ field: `xUnitTexts.${value}`, unit });
  return units;
}

describe('the units every engine’s charts declare', () => {
  it('are symbols every language shares, or words in both languages', () => {
    const englishOnly: string[] = [];
    for (const { engine } of engineSurfaces) {
      for (const spec of engine.charts) {
        for (const { field, unit } of declaredUnits(spec)) {
          const where = `${engine.name}/${spec.id}.${field}`;
          if (typeof unit === 'string') {
            if (!symbols.has(unit)) englishOnly.push(`${where}: '${unit}'`);
          } else if (unit.en.trim() === '' || unit['pt-BR'].trim() === '') {
            englishOnly.push(`${where}: ${JSON.stringify(unit)}`);
          }
        }
      }
    }
    expect(englishOnly).toEqual([]);
  });

  it('are drawn in the reader’s language on the axis', () => {
    const spec: ChartSpec = { id: 'resident', kind: 'timeSeries', title: { en: 'Resident pages', 'pt-BR': 'Páginas residentes' }, metric: 'resident', unit: { en: 'pages', 'pt-BR': 'páginas' } };
    const samples: Sample[] = [0, 500, 1000].map((timeMs) => ({ timeMs, series: 'post-copy', values: { resident: timeMs } }));
    expect(renderChart(spec, samples, null, 'pt-BR')).toContain('páginas');
    expect(renderChart(spec, samples, null, 'pt-BR')).not.toMatch(/\bpages\b/);
    expect(renderChart(spec, samples, null, 'en')).toMatch(/\bpages\b/);
  });

  it('come with numbers written the reader’s way: ticks and hover values', () => {
    const spec: ChartSpec = { id: 'latency', kind: 'timeSeries', title: { en: 'Latency', 'pt-BR': 'Latência' }, metric: 'latency', unit: 'ms' };
    const samples: Sample[] = [0, 500, 1000].map((timeMs) => ({ timeMs, series: 'pool', values: { latency: 1.25 + timeMs / 1000 } }));
    const portuguese = renderChart(spec, samples, null, 'pt-BR');
    expect(portuguese).toContain('>0,5<');
    expect(portuguese).toContain('<title>pool: 1,75 ms @ 0,50 s</title>');
    expect(portuguese).not.toMatch(/>\d+\.\d+</);
    expect(renderChart(spec, samples, null, 'en')).toContain('<title>pool: 1.75 ms @ 0.50 s</title>');
  });
});

describe('bar labels with words', () => {
  const outcomes: ChartSpec = {
    id: 'outcomes',
    kind: 'bars',
    title: { en: 'Lookup outcomes', 'pt-BR': 'Resultados das consultas' },
    list: 'outcomes',
    labelKey: 'name',
    valuePath: 'count',
    unit: { en: 'lookups', 'pt-BR': 'consultas' },
    labelTexts: { stale: { en: 'stale', 'pt-BR': 'obsoleta' } },
  };

  it('are written in the reader’s language, a compared run’s bar keeping its run’s label', () => {
    const metrics = { outcomes: [{ name: 'stale', count: 3 }, { name: 'answered', count: 9 }, { name: '#2 stale', count: 4 }] };
    const svg = renderChart(outcomes, [], metrics, 'pt-BR');
    expect(svg).toContain('>obsoleta<');
    expect(svg).toContain('>#2 obsoleta<');
    // A label without words is written as the metrics hold it.
    expect(svg).toContain('>answered<');
    expect(svg).not.toContain('>stale<');
  });
});
