import type { ChartSpec } from '../../../preload/api.ts';

export const architecturesCharts: readonly ChartSpec[] = [
  {
    id: 'throughput',
    kind: 'timeSeries',
    title: { en: 'Throughput over time', 'pt-BR': 'Vazão ao longo do tempo' },
    metric: 'throughputRps',
    unit: 'req/s',
  },
  {
    id: 'latency-p99',
    kind: 'timeSeries',
    title: { en: 'Latency p99 over time', 'pt-BR': 'Latência p99 ao longo do tempo' },
    metric: 'latencyP99Ms',
    unit: 'ms',
  },
  {
    id: 'latency-p50',
    kind: 'timeSeries',
    title: { en: 'Latency p50 (median) over time', 'pt-BR': 'Latência p50 (mediana) ao longo do tempo' },
    metric: 'latencyP50Ms',
    unit: 'ms',
  },
  {
    id: 'queue-length',
    kind: 'timeSeries',
    title: { en: 'Requests waiting in the server', 'pt-BR': 'Requisições esperando no servidor' },
    metric: 'queueLength',
    unit: 'requests',
  },
  {
    id: 'throughput-by-server',
    kind: 'bars',
    title: { en: 'Throughput by server', 'pt-BR': 'Vazão por servidor' },
    list: 'servers',
    labelKey: 'name',
    valuePath: 'throughputRps',
    unit: 'req/s',
  },
  {
    id: 'latency-p99-by-server',
    kind: 'bars',
    title: { en: 'Latency p99 by server', 'pt-BR': 'Latência p99 por servidor' },
    list: 'servers',
    labelKey: 'name',
    valuePath: 'latencyMs.p99',
    unit: 'ms',
  },
];
