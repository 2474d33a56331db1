import type { TableSpec } from '../../../preload/api.ts';

const ms = { unit: 'ms', format: { kind: 'fixed', digits: 3 } } as const;

export const directoryTables: readonly TableSpec[] = [
  {
    id: 'lookups',
    kind: 'values',
    title: { en: 'Lookups in the directory', 'pt-BR': 'Consultas ao diretório' },
    record: '',
    values: [
      {
        path: 'state',
        title: { en: 'Registrations kept as', 'pt-BR': 'Registros mantidos como' },
        valueTexts: { hard: { en: 'hard state', 'pt-BR': 'hard state' }, soft: { en: 'soft state', 'pt-BR': 'soft state' } },
      },
      { path: 'lookups', title: { en: 'Lookups (GETPORT)', 'pt-BR': 'Consultas (GETPORT)' }, format: { kind: 'integer' } },
      { path: 'lookupMs.p50', title: { en: 'Lookup time p50', 'pt-BR': 'Tempo de consulta p50' }, ...ms },
      { path: 'lookupMs.p90', title: { en: 'Lookup time p90', 'pt-BR': 'Tempo de consulta p90' }, ...ms },
      { path: 'lookupMs.p99', title: { en: 'Lookup time p99', 'pt-BR': 'Tempo de consulta p99' }, ...ms },
      { path: 'lookupMs.max', title: { en: 'Lookup time max', 'pt-BR': 'Tempo de consulta máx.' }, ...ms },
      { path: 'staleAnswers', title: { en: 'Stale answers (a port nobody listens on)', 'pt-BR': 'Respostas obsoletas (uma porta em que ninguém escuta)' }, format: { kind: 'integer' } },
      {
        path: 'crashedForgottenAfterMs',
        title: { en: 'Crashed servers forgotten after', 'pt-BR': 'Servidores que caíram esquecidos após' },
        unit: 'ms',
        format: { kind: 'integer' },
        valueTexts: { '-1': { en: 'never (still listed at the end)', 'pt-BR': 'nunca (ainda listados no fim)' } },
      },
      { path: 'registrationsAtEnd', title: { en: 'Registrations at the end', 'pt-BR': 'Registros no fim' }, format: { kind: 'integer' } },
    ],
  },
  {
    id: 'outcomes',
    kind: 'list',
    title: { en: 'What each lookup led to', 'pt-BR': 'Resultado de cada consulta' },
    list: 'outcomes',
    columns: [
      {
        path: 'name',
        title: { en: 'Outcome', 'pt-BR': 'Resultado' },
        label: true,
        valueTexts: {
          answered: { en: 'answered: the server was there', 'pt-BR': 'atendida: o servidor estava lá' },
          stale: { en: 'stale: the port was listed, nobody answered', 'pt-BR': 'obsoleta: a porta estava listada, ninguém atendeu' },
          notRegistered: { en: 'not registered', 'pt-BR': 'não registrado' },
        },
      },
      { path: 'count', title: { en: 'Lookups', 'pt-BR': 'Consultas' }, format: { kind: 'integer' } },
    ],
  },
];
