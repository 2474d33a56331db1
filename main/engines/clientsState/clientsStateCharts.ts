import type { ChartSpec } from '../../../preload/api.ts';

export const clientsStateCharts: readonly ChartSpec[] = [
  { id: 'access-cost', kind: 'bars', title: { en: 'Same code, local object vs stub: add() p50', 'pt-BR': 'Mesmo código, objeto local vs stub: add() p50' }, list: 'access', labelKey: 'target', valuePath: 'p50Us', unit: 'µs', scale: 'log', labelTexts: { local: { en: 'local object', 'pt-BR': 'objeto local' }, remote: { en: 'remote (stub)', 'pt-BR': 'remoto (stub)' } } },
  { id: 'idempotency-applied', kind: 'bars', title: { en: 'How often ADD ran, without and with the table', 'pt-BR': 'Quantas vezes ADD rodou, sem e com a tabela' }, list: 'idempotencyDetails', labelKey: 'table', valuePath: 'applied', unit: { en: 'runs', 'pt-BR': 'execuções' }, labelTexts: { without: { en: 'without', 'pt-BR': 'sem' }, with: { en: 'with', 'pt-BR': 'com' } } },
  { id: 'policy-p99', kind: 'bars', title: { en: 'Read latency p99 per policy (all phases)', 'pt-BR': 'Latência p99 de leitura por política (todas as fases)' }, list: 'policies', labelKey: 'policy', valuePath: 'p99Ms', unit: 'ms' },
  { id: 'policy-errors', kind: 'bars', title: { en: 'Reads that failed, per policy', 'pt-BR': 'Leituras que falharam, por política' }, list: 'policies', labelKey: 'policy', valuePath: 'errors', unit: { en: 'reads', 'pt-BR': 'leituras' } },
  { id: 'policy-load', kind: 'bars', title: { en: 'Requests reaching servers per read', 'pt-BR': 'Pedidos que chegam aos servidores por leitura' }, list: 'policies', labelKey: 'policy', valuePath: 'serverLoad', unit: { en: 'requests', 'pt-BR': 'requisições' } },
  {
    id: 'policy-phases',
    kind: 'xy',
    title: { en: 'Read p99 in each phase (1 slow, 2 crash, 3 all down, 4 moved)', 'pt-BR': 'p99 de leitura em cada fase (1 lenta, 2 queda, 3 todas fora, 4 mudou)' },
    list: 'policyPhases',
    x: 'phaseNumber',
    y: 'p99Ms',
    series: 'policy',
    xUnit: { en: 'phase', 'pt-BR': 'fase' },
    yUnit: 'ms',
  },
  { id: 'policy-read-latency', kind: 'timeSeries', title: { en: 'Each read’s latency, per policy', 'pt-BR': 'Latência de cada leitura, por política' }, metric: 'readMs', unit: 'ms' },
  { id: 'design-throughput', kind: 'bars', title: { en: 'Reads per second before the crash', 'pt-BR': 'Leituras por segundo antes da queda' }, list: 'stateDesigns', labelKey: 'design', valuePath: 'throughputRps', unit: { en: 'reads/s', 'pt-BR': 'leituras/s' }, scale: 'log' },
  { id: 'design-stale', kind: 'bars', title: { en: 'Stale reads (older than a version already written)', 'pt-BR': 'Leituras obsoletas (mais velhas que uma versão já gravada)' }, list: 'stateDesigns', labelKey: 'design', valuePath: 'staleReads', unit: { en: 'reads', 'pt-BR': 'leituras' } },
  { id: 'design-recovery', kind: 'bars', title: { en: 'Time from the crash until reads and writes work again', 'pt-BR': 'Tempo da queda até leituras e escritas voltarem' }, list: 'stateDesigns', labelKey: 'design', valuePath: 'recoveryMs', unit: 'ms' },
  { id: 'design-reads-over-time', kind: 'timeSeries', title: { en: 'Reads per second through the crash', 'pt-BR': 'Leituras por segundo durante a queda' }, metric: 'readsPerSecond', unit: { en: 'reads/s', 'pt-BR': 'leituras/s' } },
];
