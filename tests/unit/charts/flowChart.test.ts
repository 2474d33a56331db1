import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../../../preload/api.ts';
import { collectFlowPanels } from '../../../common/charts/flowChart.ts';
import { isEmptyChart } from '../../../common/charts/chartFrame.ts';
import { overlayRuns } from '../../../common/charts/overlayRuns.ts';
import { renderChart } from '../../../common/charts/renderChart.ts';

const spec: ChartSpec = {
  id: 'talk',
  kind: 'flow',
  title: { en: 'Who talked to whom', 'pt-BR': 'Quem falou com quem' },
  list: 'traffic',
  panelKey: 'mode',
  weight: 'perRequest',
  weightFormat: { kind: 'bytes' },
  detail: 'connections',
  detailWord: { en: 'conn.', 'pt-BR': 'con.' },
  dashed: 'passed',
  legend: { en: 'thickness: bytes per request', 'pt-BR': 'espessura: bytes por requisição' },
};

const nodes = [
  { id: 'a', label: { en: 'clients', 'pt-BR': 'clientes' }, column: 0 },
  { id: 'b', label: 'middle', column: 1 },
  { id: 'c', label: { en: 'far end', 'pt-BR': 'ponta distante' }, column: 2 },
];

const metrics = {
  traffic: [
    {
      mode: 'through',
      nodes,
      edges: [
        { from: 'a', to: 'b', perRequest: 100, connections: 7 },
        { from: 'b', to: 'a', perRequest: 262_144 },
        { from: 'b', to: 'c', perRequest: 100, connections: 7 },
        { from: 'c', to: 'b', perRequest: 262_144 },
        { from: 'c', to: 'a', perRequest: 0 },
      ],
    },
    {
      mode: 'around',
      nodes,
      edges: [
        { from: 'a', to: 'b', perRequest: 10, connections: 7 },
        { from: 'b', to: 'c', perRequest: 10, connections: 7, passed: true },
        { from: 'c', to: 'a', perRequest: 262_144 },
        { from: 'b', to: 'a', perRequest: 0.2 },
      ],
    },
  ],
};

function edgesOf(svg: string): { from: string; to: string; value: number; dashed: boolean; width: number }[] {
  const found: { from: string; to: string; value: number; dashed: boolean; width: number }[] = [];
  for (const match of svg.matchAll(/<g class="flow-edge[^"]*" data-from="([^"]+)" data-to="([^"]+)" data-value="([^"]+)"[^>]*?( data-dashed="true")?>.*?stroke-width="([\d.]+)"/g)) {
    found.push({ from: match[1]!, to: match[2]!, value: Number(match[3]), dashed: match[4] !== undefined, width: Number(match[5]) });
  }
  return found;
}

function panelOf(svg: string, name: string): string {
  const start = svg.indexOf(`data-panel="${name}"`);
  const end = svg.indexOf('<g class="flow-panel"', start + 1);
  return svg.slice(start, end === -1 ? undefined : end);
}

describe('flow charts', () => {
  it('draws one panel per diagram, an arrow per edge that carried something, as thick as what it carried', () => {
    const svg = renderChart(spec, [], metrics, 'en', { width: 640, height: 320 });
    expect(svg).toContain('data-chart-kind="flow"');
    expect(svg.match(/class="flow-panel"/g)).toHaveLength(2);
    const through = edgesOf(panelOf(svg, 'through'));
    // The edge at 0 carried nothing: no arrow at all, rather than a thin one.
    expect(through.map((edge) => `${edge.from}>${edge.to}`)).toEqual(['a>b', 'b>a', 'b>c', 'c>b']);
    const width = (from: string, to: string, edges = through): number => edges.find((edge) => edge.from === from && edge.to === to)!.width;
    expect(width('b', 'a')).toBeGreaterThan(3 * width('a', 'b'));
    // One scale for every panel: the same bytes draw the same thickness in each.
    const around = edgesOf(panelOf(svg, 'around'));
    expect(width('c', 'a', around)).toBe(width('b', 'a'));
    expect(around.find((edge) => edge.from === 'b' && edge.to === 'c')!.dashed).toBe(true);
    expect(through.some((edge) => edge.dashed)).toBe(false);
  });

  it('writes each figure in the reader language, and says less than one step rather than zero', () => {
    const english = renderChart(spec, [], metrics, 'en');
    expect(english).toContain('256 KiB');
    expect(english).toContain('7 conn.');
    expect(english).toContain('&lt; 1 B');
    expect(english).toContain('clients');
    expect(english).toContain('thickness: bytes per request');
    const portuguese = renderChart(spec, [], metrics, 'pt-BR');
    expect(portuguese).toContain('7 con.');
    expect(portuguese).toContain('clientes');
    expect(portuguese).toContain('ponta distante');
    expect(portuguese).toContain('espessura: bytes por requisição');
    expect(portuguese).toContain('Quem falou com quem');
  });

  it('arches an arrow that skips a column over the boxes (to the right) or under them (back)', () => {
    const svg = panelOf(renderChart(spec, [], metrics, 'en'), 'around');
    const skipping = /data-from="c" data-to="a"[^>]*>.*?<path class="flow-line" d="M([\d.]+) ([\d.]+)Q([\d.]+) ([\d.]+) /.exec(svg);
    expect(skipping).not.toBeNull();
    const [startY, controlY] = [Number(skipping![2]), Number(skipping![4])];
    expect(controlY).toBeGreaterThan(startY + 30);
    expect(svg).toContain('class="flow-edge flow-back" data-from="c" data-to="a"');
  });

  it('is drawn the same way every time, and every piece of text is escaped', () => {
    expect(renderChart(spec, [], metrics, 'en')).toBe(renderChart(spec, [], metrics, 'en'));
    const hostile = { traffic: [{ mode: '<script>x</script>', nodes: [{ id: 'p"q', label: '<b>one</b>', column: 0 }, { id: 'r', label: "it's", column: 1 }], edges: [{ from: 'p"q', to: 'r', perRequest: 5 }] }] };
    const svg = renderChart(spec, [], hostile, 'en');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;one&lt;/b&gt;');
    expect(svg).toContain('data-from="p&quot;q"');
  });

  it('is an empty chart without diagrams, or when nothing was sent, and leaves out malformed parts', () => {
    expect(isEmptyChart(renderChart(spec, [], null, 'en'))).toBe(true);
    expect(isEmptyChart(renderChart(spec, [], { traffic: 'nope' }, 'en'))).toBe(true);
    expect(isEmptyChart(renderChart(spec, [], { traffic: [{ mode: 'x', nodes, edges: [{ from: 'a', to: 'b', perRequest: 0 }] }] }, 'en'))).toBe(true);
    const panels = collectFlowPanels(
      { traffic: [{ mode: 'x', nodes: [...nodes, { id: 'bad', column: -1 }, { label: 'no id', column: 0 }], edges: [{ from: 'a', to: 'nowhere', perRequest: 3 }, { from: 'a', to: 'a', perRequest: 3 }, { from: 'a', to: 'c', perRequest: 'many' }, { from: 'a', to: 'c', perRequest: 4 }] }] },
      { list: 'traffic', panelKey: 'mode', weight: 'perRequest', language: 'en' },
    );
    expect(panels).toHaveLength(1);
    expect(panels[0]!.nodes.map((node) => node.id)).toEqual(['a', 'b', 'c']);
    expect(panels[0]!.edges).toEqual([{ from: 'a', to: 'c', weight: 4, dashed: false }]);
  });

  it('grows taller for more panels instead of squeezing them, and the compare view draws every run', () => {
    const one = renderChart(spec, [], { traffic: [metrics.traffic[0]] }, 'en', { width: 640, height: 320 });
    const runs = overlayRuns(spec, [
      { label: '#1', samples: [], metrics },
      { label: '#2', samples: [], metrics },
    ]);
    const four = renderChart(spec, runs.samples, runs.metrics, 'en', { width: 640, height: 320 });
    const heightOf = (svg: string): number => Number(/viewBox="0 0 \d+ (\d+)"/.exec(svg)![1]);
    expect(four.match(/class="flow-panel"/g)).toHaveLength(4);
    expect(four).toContain('data-panel="#2 around"');
    expect(heightOf(four)).toBeGreaterThan(2 * heightOf(one) - 100);
  });
});
