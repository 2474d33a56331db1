import type { ChartSpec } from '../../../preload/api.ts';

export const superserverCharts: readonly ChartSpec[] = [
  { id: 'first-byte', kind: 'timeSeries', title: { en: 'First-byte latency per request', 'pt-BR': 'Latência até o primeiro byte por requisição' }, metric: 'firstByteMs', unit: 'ms' },
  { id: 'instances', kind: 'timeSeries', title: { en: 'Handlers running over time', 'pt-BR': 'Tratadores em execução ao longo do tempo' }, metric: 'running', unit: { en: 'processes', 'pt-BR': 'processos' } },
  { id: 'refusals', kind: 'timeSeries', title: { en: 'Refused connections (cumulative)', 'pt-BR': 'Conexões recusadas (acumulado)' }, metric: 'refused', unit: { en: 'connections', 'pt-BR': 'conexões' } },
  { id: 'first-byte-p50', kind: 'bars', title: { en: 'First-byte latency p50 by server', 'pt-BR': 'Latência p50 até o primeiro byte por servidor' }, list: 'modes', labelKey: 'name', valuePath: 'firstByteMs.p50', unit: 'ms' },
];
