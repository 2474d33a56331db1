import type { ChartSpec } from '../../../preload/api.ts';

export const directoryCharts: readonly ChartSpec[] = [
  { id: 'registrations', kind: 'timeSeries', title: { en: 'Registrations in the directory', 'pt-BR': 'Registros no diretório' }, metric: 'registrations', unit: 'servers' },
  { id: 'stale', kind: 'timeSeries', title: { en: 'Lookups that led to a dead server (cumulative)', 'pt-BR': 'Consultas que levaram a um servidor morto (acumulado)' }, metric: 'staleAnswers', unit: 'lookups' },
  { id: 'lookup-latency', kind: 'timeSeries', title: { en: 'Lookup (GETPORT) latency', 'pt-BR': 'Latência da consulta (GETPORT)' }, metric: 'lookupMs', unit: 'ms' },
  { id: 'outcomes', kind: 'bars', title: { en: 'Lookup outcomes', 'pt-BR': 'Resultados das consultas' }, list: 'outcomes', labelKey: 'name', valuePath: 'count', unit: 'lookups' },
];
