import { describe, expect, it } from 'vitest';
import { renderTables } from '../../../common/tables/renderTables.ts';
import { tablesAsText } from '../../../common/tables/textTables.ts';
import type { TableSpec } from '../../../preload/api.ts';

const specs: TableSpec[] = [
  {
    id: 'servers',
    kind: 'list',
    title: { en: 'Servers', 'pt-BR': 'Servidores' },
    list: 'servers',
    columns: [
      { path: 'name', title: { en: 'Server', 'pt-BR': 'Servidor' }, label: true },
      { path: 'throughputRps', title: { en: 'Throughput', 'pt-BR': 'Vazão' }, unit: 'req/s', format: { kind: 'fixed', digits: 1 } },
      { path: 'latencyMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, unit: 'ms', format: { kind: 'fixed', digits: 2 } },
    ],
  },
  { id: 'load', kind: 'values', title: { en: 'Load', 'pt-BR': 'Carga' }, record: 'load', values: [{ path: 'clients', title: { en: 'Clients', 'pt-BR': 'Clientes' }, format: { kind: 'integer' } }] },
];

const metrics = {
  servers: [
    { name: 'iterative', throughputRps: 47, latencyMs: { p99: 344.866 } },
    { name: 'event-driven', throughputRps: 1753.04, latencyMs: { p99: 6.1 } },
  ],
  load: { clients: 16 },
};

describe('tables as plain text', () => {
  it('aligns text to the left and numbers to the right, under a title and a rule', () => {
    expect(tablesAsText(renderTables(specs, metrics, 'pt-BR'))).toBe(
      [
        'Servidores',
        'Servidor      Vazão (req/s)  p99 (ms)',
        '------------  -------------  --------',
        'iterative              47,0    344,87',
        'event-driven        1.753,0      6,10',
        '',
        'Carga',
        'Métrica   Valor',
        '--------  -----',
        'Clientes  16',
      ].join('\n'),
    );
  });

  it('cuts a table wider than the terminal into blocks of columns, each with the rows\' headings', () => {
    const text = tablesAsText(renderTables(specs.slice(0, 1), { servers: metrics.servers }, 'en'), 30);
    expect(text).toBe(
      [
        'Servers',
        'Server        Throughput (req/s)',
        '------------  ------------------',
        'iterative                   47.0',
        'event-driven             1,753.0',
        '',
        'Server        p99 (ms)',
        '------------  --------',
        'iterative       344.87',
        'event-driven      6.10',
      ].join('\n'),
    );
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(32);
  });
});
