import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../common/tables/renderTable.ts';
import { renderTables } from '../../../common/tables/renderTables.ts';
import type { TableModel } from '../../../common/tables/tableModel.ts';
import type { TableSpec } from '../../../preload/api.ts';

const servers: TableSpec = {
  id: 'servers',
  kind: 'list',
  title: { en: 'Servers', 'pt-BR': 'Servidores' },
  list: 'servers',
  columns: [
    { path: 'requests', title: { en: 'Requests', 'pt-BR': 'Requisições' }, format: { kind: 'integer' } },
    { path: 'name', title: { en: 'Server', 'pt-BR': 'Servidor' }, label: true },
    { path: 'throughputRps', title: { en: 'Throughput', 'pt-BR': 'Vazão' }, unit: 'req/s', format: { kind: 'fixed', digits: 1 } },
    { path: 'latencyMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, unit: 'ms', format: { kind: 'fixed', digits: 2 } },
    { path: 'offeredRps', title: { en: 'Offered', 'pt-BR': 'Oferecida' }, unit: 'req/s', format: { kind: 'fixed', digits: 1 } },
  ],
};

const metrics = {
  servers: [
    { name: 'iterative', requests: 12345, throughputRps: 1234.56, latencyMs: { p99: 20.125 } },
    { name: 'pool', requests: 500, throughputRps: 50, latencyMs: {} },
  ],
};

const texts = (table: TableModel | null) => table?.rows.map((row) => row.cells.map((cell) => cell.text));

function single(format: NonNullable<TableSpec & { kind: 'values' }>['values'][number], value: unknown, language: 'en' | 'pt-BR' = 'en'): string {
  const spec: TableSpec = { id: 't', kind: 'values', title: { en: 't', 'pt-BR': 't' }, record: '', values: [format] };
  return renderTable(spec, { value }, language)!.rows[0]!.cells[1]!.text;
}

describe('a declared list table', () => {
  it('heads each column with its title and unit, in the reader\'s language', () => {
    expect(renderTable(servers, metrics, 'en')!.headings.map((heading) => heading.text)).toEqual(['Server', 'Requests', 'Throughput (req/s)', 'p99 (ms)']);
    const portuguese = renderTable(servers, metrics, 'pt-BR')!;
    expect(portuguese.title).toBe('Servidores');
    expect(portuguese.headings.map((heading) => heading.text)).toEqual(['Servidor', 'Requisições', 'Vazão (req/s)', 'p99 (ms)']);
  });

  it('puts the label column first as the row\'s heading, whatever its place in the declaration', () => {
    const table = renderTable(servers, metrics, 'en')!;
    expect(table.rowHeadings).toBe(true);
    expect(table.rows.map((row) => row.cells[0]!.text)).toEqual(['iterative', 'pool']);
    expect(table.headings[0]).toMatchObject({ path: 'name', numeric: false });
  });

  it('writes numbers as declared, with a decimal comma and dots between thousands in pt-BR', () => {
    expect(texts(renderTable(servers, metrics, 'en'))).toEqual([
      ['iterative', '12,345', '1,234.6', '20.13'],
      ['pool', '500', '50.0', '—'],
    ]);
    expect(texts(renderTable(servers, metrics, 'pt-BR'))).toEqual([
      ['iterative', '12.345', '1.234,6', '20,13'],
      ['pool', '500', '50,0', '—'],
    ]);
  });

  it('shows a value missing from one row as "—", and leaves out a column no row has', () => {
    const table = renderTable(servers, metrics, 'en')!;
    expect(table.rows[1]!.cells[3]).toEqual({ text: '—', numeric: true, missing: true });
    expect(table.headings.map((heading) => heading.path)).not.toContain('offeredRps');
    const withNull = renderTable(servers, { servers: [{ name: 'a', requests: null, throughputRps: 1, latencyMs: { p99: 2 }, offeredRps: '' }, { name: 'b', requests: 7 }] }, 'en')!;
    expect(texts(withNull)).toEqual([
      ['a', '—', '1.0', '2.00'],
      ['b', '7', '—', '—'],
    ]);
  });

  it('draws nothing for a list that is absent, empty, or holds none of the declared values', () => {
    expect(renderTable(servers, {}, 'en')).toBeNull();
    expect(renderTable(servers, { servers: [] }, 'en')).toBeNull();
    expect(renderTable(servers, { servers: [{ name: 'only a label' }] }, 'en')).toBeNull();
    expect(renderTable(servers, null, 'en')).toBeNull();
  });

  it('aligns numbers right and text left', () => {
    const table = renderTable(servers, metrics, 'en')!;
    expect(table.headings.map((heading) => heading.numeric)).toEqual([false, true, true, true]);
    expect(table.rows[0]!.cells.map((cell) => cell.numeric)).toEqual([false, true, true, true]);
  });

  it('makes one row per item of a nested list, reading the outer record where asked', () => {
    const rounds: TableSpec = {
      id: 'rounds',
      kind: 'list',
      title: { en: 'Rounds', 'pt-BR': 'Rodadas' },
      list: 'strategies',
      each: 'roundStats',
      columns: [
        { path: 'name', title: { en: 'Migration', 'pt-BR': 'Migração' }, label: true, fromOuter: true },
        { path: 'round', title: { en: 'Round', 'pt-BR': 'Rodada' }, format: { kind: 'integer' } },
        { path: 'pagesSent', title: { en: 'Pages', 'pt-BR': 'Páginas' }, format: { kind: 'integer' } },
      ],
    };
    const nested = { strategies: [{ name: 'pre', roundStats: [{ round: 1, pagesSent: 4096 }, { round: 2, pagesSent: 23 }] }, { name: 'post', roundStats: [] }] };
    expect(texts(renderTable(rounds, nested, 'pt-BR'))).toEqual([
      ['pre', '1', '4.096'],
      ['pre', '2', '23'],
    ]);
  });

  it('gives words for particular values instead of the raw value', () => {
    const spec: TableSpec = {
      id: 'outcomes',
      kind: 'list',
      title: { en: 'Outcomes', 'pt-BR': 'Resultados' },
      list: 'items',
      columns: [
        { path: 'name', title: { en: 'Outcome', 'pt-BR': 'Resultado' }, label: true, valueTexts: { stale: { en: 'stale', 'pt-BR': 'obsoleta' } } },
        { path: 'afterMs', title: { en: 'After', 'pt-BR': 'Após' }, unit: 'ms', format: { kind: 'integer' }, valueTexts: { '-1': { en: 'never', 'pt-BR': 'nunca' } } },
      ],
    };
    expect(texts(renderTable(spec, { items: [{ name: 'stale', afterMs: -1 }, { name: 'other', afterMs: 1500 }] }, 'pt-BR'))).toEqual([
      ['obsoleta', 'nunca'],
      ['other', '1.500'],
    ]);
  });
});

describe('value formats', () => {
  const field = (format: NonNullable<TableSpec & { kind: 'values' }>['values'][number]['format']) => ({ path: 'value', title: { en: 'v', 'pt-BR': 'v' }, format });

  it('integer, fixed and percent', () => {
    expect(single(field({ kind: 'integer' }), 1234.6)).toBe('1,235');
    expect(single(field({ kind: 'integer' }), 1234.6, 'pt-BR')).toBe('1.235');
    expect(single(field({ kind: 'fixed', digits: 3 }), 2)).toBe('2.000');
    expect(single(field({ kind: 'fixed', digits: 3 }), 0.5, 'pt-BR')).toBe('0,500');
    expect(single(field({ kind: 'percent', digits: 1 }), 0.125)).toBe('12.5%');
    expect(single(field({ kind: 'percent', digits: 1 }), 0.125, 'pt-BR')).toMatch(/^12,5\s?%$/);
  });

  it('bytes and bytes per second, in binary units that suit them', () => {
    expect(single(field({ kind: 'bytes' }), 512)).toBe('512 B');
    expect(single(field({ kind: 'bytes' }), 65_536)).toBe('64 KiB');
    expect(single(field({ kind: 'bytes' }), 4_111_918)).toBe('3.92 MiB');
    expect(single(field({ kind: 'bytes' }), 4_111_918, 'pt-BR')).toBe('3,92 MiB');
    expect(single(field({ kind: 'bytes' }), 1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(single(field({ kind: 'bytesPerSecond' }), 122_157_134)).toBe('116 MiB/s');
  });

  it('durations, in the unit that suits them', () => {
    expect(single(field({ kind: 'duration', from: 'us' }), 26.6)).toBe('26.6 µs');
    expect(single(field({ kind: 'duration', from: 'us' }), 25_591.8)).toBe('25.6 ms');
    expect(single(field({ kind: 'duration', from: 'ms' }), 0.931)).toBe('931 µs');
    expect(single(field({ kind: 'duration', from: 'ms' }), 3_210, 'pt-BR')).toBe('3,21 s');
    expect(single(field({ kind: 'duration', from: 's' }), 125)).toBe('2 min 5 s');
    expect(single(field({ kind: 'duration', from: 'ms' }), 0)).toBe('0 ms');
  });

  it('yes and no, text as it is, and numbers as they come when no format is declared', () => {
    expect(single(field({ kind: 'yesNo' }), true, 'pt-BR')).toBe('sim');
    expect(single(field({ kind: 'yesNo' }), 0)).toBe('no');
    expect(single(field(undefined), false)).toBe('no');
    expect(single(field({ kind: 'text' }), 40287)).toBe('40287');
    expect(single(field(undefined), 40287)).toBe('40,287');
    expect(single(field(undefined), 0.123456, 'pt-BR')).toBe('0,123');
    expect(single(field(undefined), [1, 2, 3])).toBe('1, 2, 3');
    expect(single(field(undefined), 'M/M/∞//16')).toBe('M/M/∞//16');
  });
});

describe('a values table', () => {
  const lookups: TableSpec = {
    id: 'lookups',
    kind: 'values',
    title: { en: 'Lookups', 'pt-BR': 'Consultas' },
    record: 'directory',
    values: [
      { path: 'lookupMs.p50', title: { en: 'Lookup p50', 'pt-BR': 'Consulta p50' }, unit: 'ms', format: { kind: 'fixed', digits: 3 } },
      { path: 'softOnly', title: { en: 'Soft state only', 'pt-BR': 'Só com soft state' } },
      { path: 'lookups', title: { en: 'Lookups', 'pt-BR': 'Consultas' }, format: { kind: 'integer' } },
    ],
  };

  it('names each value with its title and unit, and leaves out values the run did not record', () => {
    const table = renderTable(lookups, { directory: { lookupMs: { p50: 0.4615 }, lookups: 2000 } }, 'pt-BR')!;
    expect(table.headings.map((heading) => heading.text)).toEqual(['Métrica', 'Valor']);
    expect(texts(table)).toEqual([
      ['Consulta p50 (ms)', '0,462'],
      ['Consultas', '2.000'],
    ]);
  });
});

describe('metrics no table declares', () => {
  it('are all still shown, by path, after the declared tables', () => {
    const tables = renderTables([servers], { ...metrics, note: 'extra', nested: { deep: { value: 1.5 } }, servers: [{ ...metrics.servers[0], errors: 3 }] }, 'en');
    expect(tables.map((table) => table.id)).toEqual(['servers', 'other-values']);
    const other = tables[1]!;
    expect(other.title).toBe('Other measured values');
    expect(texts(other)).toEqual([
      ['servers[iterative].errors', '3'],
      ['note', 'extra'],
      ['nested.deep.value', '1.5'],
    ]);
  });

  it('name list items by their index when they have no name, and skip what a table says it repeats', () => {
    const spec: TableSpec = { ...(servers as TableSpec & { kind: 'list' }), repeats: ['summary', 'servers.*.latencyMs'] };
    const tables = renderTables([spec], { servers: [{ name: 'a', requests: 1, latencyMs: { p50: 1, p99: 2 } }], summary: { best: 'a' }, points: [{ x: 1 }, { x: 2 }] }, 'pt-BR');
    expect(texts(tables.at(-1)!)).toEqual([
      ['points[0].x', '1'],
      ['points[1].x', '2'],
    ]);
    expect(tables.at(-1)!.title).toBe('Outros valores medidos');
  });

  it('are not listed when the declared tables show everything, and empty metrics give no tables', () => {
    expect(renderTables([servers], metrics, 'en').map((table) => table.id)).toEqual(['servers']);
    expect(renderTables([servers], {}, 'en')).toEqual([]);
    expect(renderTables([servers], null, 'en')).toEqual([]);
  });
});
