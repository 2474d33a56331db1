import type { TableSpec } from '../../../preload/api.ts';

const ms = { unit: 'ms', format: { kind: 'fixed', digits: 3 } } as const;
const count = { format: { kind: 'integer' } } as const;

export const superserverTables: readonly TableSpec[] = [
  {
    id: 'first-byte',
    kind: 'list',
    title: { en: 'Time to the first byte of the answer', 'pt-BR': 'Tempo até o primeiro byte da resposta' },
    list: 'modes',
    columns: [
      {
        path: 'name',
        title: { en: 'Server', 'pt-BR': 'Servidor' },
        label: true,
        valueTexts: {
          'on-demand': { en: 'started on demand by the superserver', 'pt-BR': 'iniciado sob demanda pelo superservidor' },
          'always-running': { en: 'always running', 'pt-BR': 'sempre em execução' },
        },
      },
      { path: 'firstByteMs.p50', title: { en: 'p50', 'pt-BR': 'p50' }, ...ms },
      { path: 'firstByteMs.p90', title: { en: 'p90', 'pt-BR': 'p90' }, ...ms },
      { path: 'firstByteMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, ...ms },
      { path: 'firstByteMs.max', title: { en: 'max', 'pt-BR': 'máx.' }, ...ms },
      { path: 'requests', title: { en: 'Answered', 'pt-BR': 'Respondidas' }, ...count },
      { path: 'failed', title: { en: 'Failed', 'pt-BR': 'Falharam' }, ...count },
    ],
  },
  {
    id: 'burst',
    kind: 'values',
    title: { en: 'The burst of clients', 'pt-BR': 'A rajada de clientes' },
    record: 'burst',
    values: [
      { path: 'clients', title: { en: 'Clients', 'pt-BR': 'Clientes' }, ...count },
      { path: 'answered', title: { en: 'Answered', 'pt-BR': 'Atendidos' }, ...count },
      { path: 'closed', title: { en: 'Closed without an answer (over a limit)', 'pt-BR': 'Fechados sem resposta (acima de um limite)' }, ...count },
      { path: 'refusedByKernel', title: { en: 'Refused at connect (the port was not listening)', 'pt-BR': 'Recusados ao conectar (ninguém escutava na porta)' }, ...count },
      { path: 'timedOut', title: { en: 'Timed out', 'pt-BR': 'Tempo esgotado' }, ...count },
    ],
  },
  {
    id: 'refusals',
    kind: 'values',
    title: { en: 'Connections the superserver refused, by limit', 'pt-BR': 'Conexões recusadas pelo superservidor, por limite' },
    record: 'refusals',
    values: [
      { path: 'total', title: { en: 'In all', 'pt-BR': 'No total' }, ...count },
      { path: 'instances', title: { en: 'instances (handlers at once)', 'pt-BR': 'instances (tratadores ao mesmo tempo)' }, ...count },
      { path: 'perSource', title: { en: 'per_source (from one address)', 'pt-BR': 'per_source (de um mesmo endereço)' }, ...count },
      { path: 'rate', title: { en: 'cps (connection rate)', 'pt-BR': 'cps (taxa de conexões)' }, ...count },
      { path: 'onlyFrom', title: { en: 'only_from (address not allowed)', 'pt-BR': 'only_from (endereço não permitido)' }, ...count },
    ],
  },
];
