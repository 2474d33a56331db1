import type { TableColumn, TableSpec } from '../../../preload/api.ts';

const ms = { unit: 'ms', format: { kind: 'fixed', digits: 2 } } as const;
const microseconds = { unit: 'µs', format: { kind: 'integer' } } as const;
const count = { format: { kind: 'integer' } } as const;
const percent = { unit: '%', format: { kind: 'fixed', digits: 0 } } as const;
const migration: TableColumn = { path: 'name', title: { en: 'Migration', 'pt-BR': 'Migração' }, label: true };

/** The hops of a post-copy fault (see faultHops.ts), as columns read from one band of faults. */
function hopColumns(band: 'medianBand' | 'p99Band'): TableColumn[] {
  const hop = (name: string, title: TableColumn['title']): TableColumn => ({ path: `faultHops.${band}.${name}`, title, ...microseconds });
  return [
    hop('toPageServer', { en: 'To the page server', 'pt-BR': 'Até o servidor de páginas' }),
    hop('pageServer', { en: 'In the page server', 'pt-BR': 'No servidor' }),
    hop('answerBack', { en: 'Answer back', 'pt-BR': 'Resposta de volta' }),
    hop('answerRead', { en: 'Reading it', 'pt-BR': 'Leitura' }),
    hop('install', { en: 'Installing', 'pt-BR': 'Instalação' }),
  ];
}

export const vmMigrationTables: readonly TableSpec[] = [
  {
    id: 'times',
    kind: 'list',
    title: { en: 'How long each migration took', 'pt-BR': 'Quanto tempo cada migração levou' },
    list: 'strategies',
    columns: [
      migration,
      { path: 'downtimeMs', title: { en: 'Guest downtime', 'pt-BR': 'Parada do convidado' }, ...ms },
      { path: 'clientDowntimeMs', title: { en: 'Clients longest unanswered', 'pt-BR': 'Clientes sem resposta, no máximo' }, ...ms },
      { path: 'predictedDowntimeMs', title: { en: 'Predicted downtime', 'pt-BR': 'Tempo de parada previsto' }, ...ms },
      { path: 'totalTimeMs', title: { en: 'Total time', 'pt-BR': 'Tempo total' }, ...ms },
      { path: 'preparationMs', title: { en: 'Before the stop', 'pt-BR': 'Antes da parada' }, ...ms },
      { path: 'resumeMs', title: { en: 'After the resume', 'pt-BR': 'Depois da retomada' }, ...ms },
      {
        path: 'recoveryTo90Ms',
        title: { en: 'Back to 90% of its rate', 'pt-BR': 'De volta a 90% do ritmo' },
        ...ms,
        valueTexts: { '-1': { en: 'not within the run', 'pt-BR': 'não durante a execução' } },
      },
    ],
  },
  {
    id: 'outcome',
    kind: 'list',
    title: { en: 'How each migration ended', 'pt-BR': 'Como cada migração terminou' },
    list: 'strategies',
    // 1 when integrity is "ok": the number the lab's checks compare.
    repeats: ['strategies.*.integrityOk'],
    columns: [
      migration,
      { path: 'strategy', title: { en: 'Strategy', 'pt-BR': 'Estratégia' }, format: { kind: 'text' } },
      { path: 'workload', title: { en: 'Guest workload', 'pt-BR': 'Carga do convidado' }, format: { kind: 'text' } },
      {
        path: 'outcome',
        title: { en: 'Outcome', 'pt-BR': 'Resultado' },
        valueTexts: {
          completed: { en: 'completed', 'pt-BR': 'concluída' },
          aborted: { en: 'aborted (still at the source)', 'pt-BR': 'abortada (continua na origem)' },
          lost: { en: 'lost (the VM is gone)', 'pt-BR': 'perdida (a VM se foi)' },
          failed: { en: 'failed', 'pt-BR': 'falhou' },
        },
      },
      { path: 'integrity', title: { en: 'Integrity', 'pt-BR': 'Integridade' }, format: { kind: 'text' } },
      { path: 'reason', title: { en: 'Reason', 'pt-BR': 'Motivo' }, format: { kind: 'text' } },
      { path: 'switchReason', title: { en: 'Why it stopped the guest', 'pt-BR': 'Por que parou o convidado' }, format: { kind: 'text' } },
      { path: 'nonConvergent', title: { en: 'Rounds stopped shrinking', 'pt-BR': 'Rodadas pararam de diminuir' }, format: { kind: 'yesNo' } },
      { path: 'maximumThrottlePercent', title: { en: 'Most throttling', 'pt-BR': 'Maior redução do convidado' }, ...percent },
      { path: 'keptRunningAtSource', title: { en: 'Kept running at the source', 'pt-BR': 'Continuou rodando na origem' }, format: { kind: 'yesNo' } },
    ],
  },
  {
    id: 'transfer',
    kind: 'list',
    title: { en: 'What crossed the link', 'pt-BR': 'O que passou pelo enlace' },
    list: 'strategies',
    columns: [
      migration,
      { path: 'transferredOverMemory', title: { en: 'Sent / guest memory', 'pt-BR': 'Enviado / memória do convidado' }, unit: '×', format: { kind: 'fixed', digits: 3 } },
      { path: 'bytesTransferred', title: { en: 'Sent', 'pt-BR': 'Enviado' }, format: { kind: 'bytes' } },
      { path: 'returnPathBytes', title: { en: 'Return path', 'pt-BR': 'Caminho de volta' }, format: { kind: 'bytes' } },
      { path: 'pagesTransferred', title: { en: 'Pages sent', 'pt-BR': 'Páginas enviadas' }, ...count },
      { path: 'guestPages', title: { en: 'Guest pages', 'pt-BR': 'Páginas do convidado' }, ...count },
      { path: 'rounds', title: { en: 'Pre-copy rounds', 'pt-BR': 'Rodadas de pré-cópia' }, ...count },
      { path: 'zeroPagesSkipped', title: { en: 'Zero pages (number only)', 'pt-BR': 'Páginas zeradas (só o número)' }, ...count },
      { path: 'pagesPushed', title: { en: 'Pushed in the background', 'pt-BR': 'Empurradas em segundo plano' }, ...count },
      { path: 'duplicatePages', title: { en: 'Sent twice', 'pt-BR': 'Enviadas duas vezes' }, ...count },
    ],
  },
  {
    id: 'faults',
    kind: 'list',
    title: { en: 'Page faults and the clients', 'pt-BR': 'Faltas de página e os clientes' },
    list: 'strategies',
    columns: [
      migration,
      { path: 'networkFaults', title: { en: 'Network faults', 'pt-BR': 'Faltas de rede' }, ...count },
      { path: 'faultsOnPagesInFlight', title: { en: 'Faults on pages in flight', 'pt-BR': 'Faltas em páginas a caminho' }, ...count },
      { path: 'faultLatencyUs.p50', title: { en: 'Fault latency p50', 'pt-BR': 'Latência da falta p50' }, ...microseconds },
      { path: 'faultLatencyUs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, ...microseconds },
      { path: 'faultLatencyUs.p999', title: { en: 'p99.9', 'pt-BR': 'p99,9' }, ...microseconds },
      { path: 'faultLatencyUs.max', title: { en: 'max', 'pt-BR': 'máx.' }, ...microseconds },
      { path: 'faultBlocktimeMs', title: { en: 'Blocked on faults in all', 'pt-BR': 'Bloqueado em faltas no total' }, ...ms },
      { path: 'clientResponseMs.p50', title: { en: 'Client response p50', 'pt-BR': 'Resposta ao cliente p50' }, ...ms },
      { path: 'clientResponseMs.p99', title: { en: 'p99', 'pt-BR': 'p99' }, ...ms },
      { path: 'clientResponseMs.p999', title: { en: 'p99.9', 'pt-BR': 'p99,9' }, ...ms },
      { path: 'clientResponseMs.max', title: { en: 'max', 'pt-BR': 'máx.' }, ...ms },
      { path: 'baselineOperationsPerSecond', title: { en: 'Guest rate before', 'pt-BR': 'Ritmo do convidado antes' }, unit: 'ops/s', ...count },
    ],
  },
  {
    id: 'rounds',
    kind: 'list',
    title: { en: 'Rounds of copying memory', 'pt-BR': 'Rodadas de cópia da memória' },
    list: 'strategies',
    each: 'roundStats',
    columns: [
      { ...migration, fromOuter: true },
      { path: 'round', title: { en: 'Round', 'pt-BR': 'Rodada' }, ...count },
      { path: 'pagesSent', title: { en: 'Pages sent', 'pt-BR': 'Páginas enviadas' }, ...count },
      { path: 'pagesDirtied', title: { en: 'Dirtied meanwhile', 'pt-BR': 'Sujas nesse meio-tempo' }, ...count },
      { path: 'zeroPagesSkipped', title: { en: 'Zero pages', 'pt-BR': 'Páginas zeradas' }, ...count },
      { path: 'durationMs', title: { en: 'Duration', 'pt-BR': 'Duração' }, ...ms },
      { path: 'bandwidthBytesPerSecond', title: { en: 'Bandwidth', 'pt-BR': 'Banda' }, format: { kind: 'bytesPerSecond' } },
      { path: 'throttlePercent', title: { en: 'Throttle', 'pt-BR': 'Redução' }, ...percent },
    ],
  },
  {
    id: 'fault-hops-median',
    kind: 'list',
    title: { en: 'Where a median fault\'s time goes (mean µs of the p40-p60 faults)', 'pt-BR': 'Para onde vai o tempo de uma falta mediana (média em µs das faltas entre p40 e p60)' },
    list: 'strategies',
    columns: [
      migration,
      { path: 'faultHops.faults', title: { en: 'Requests traced', 'pt-BR': 'Pedidos rastreados' }, ...count },
      { path: 'faultHops.p50Us', title: { en: 'Fault p50', 'pt-BR': 'Falta p50' }, ...microseconds },
      ...hopColumns('medianBand'),
    ],
  },
  {
    id: 'fault-hops-tail',
    kind: 'list',
    title: { en: 'Where the slowest 1% of faults\' time goes (mean µs)', 'pt-BR': 'Para onde vai o tempo do 1% de faltas mais lentas (média em µs)' },
    list: 'strategies',
    columns: [migration, { path: 'faultHops.p99Us', title: { en: 'Fault p99', 'pt-BR': 'Falta p99' }, ...microseconds }, ...hopColumns('p99Band')],
  },
  {
    id: 'fault-latency-distribution',
    kind: 'list',
    title: { en: 'Page fault latency by percentile', 'pt-BR': 'Latência das faltas de página por percentil' },
    list: 'faultLatencyDistribution',
    // The chart's x: the same percentile as its number of nines.
    repeats: ['faultLatencyDistribution.*.nines'],
    columns: [
      migration,
      { path: 'percentile', title: { en: 'Percentile', 'pt-BR': 'Percentil' } },
      { path: 'latencyUs', title: { en: 'Fault latency', 'pt-BR': 'Latência da falta' }, ...microseconds },
    ],
  },
];
