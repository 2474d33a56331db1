import type { ChartSpec, LocalizedText } from '../../../preload/api.ts';

const outcomeLabels: Record<string, LocalizedText> = {
  answered: { en: 'answered', 'pt-BR': 'atendida' },
  stale: { en: 'stale', 'pt-BR': 'obsoleta' },
  notRegistered: { en: 'not registered', 'pt-BR': 'não registrado' },
};

export const directoryCharts: readonly ChartSpec[] = [
  { id: 'registrations', kind: 'timeSeries', title: { en: 'Registrations in the directory', 'pt-BR': 'Registros no diretório' }, metric: 'registrations', unit: { en: 'servers', 'pt-BR': 'servidores' } },
  { id: 'stale', kind: 'timeSeries', title: { en: 'Lookups that led to a dead server (cumulative)', 'pt-BR': 'Consultas que levaram a um servidor morto (acumulado)' }, metric: 'staleAnswers', unit: { en: 'lookups', 'pt-BR': 'consultas' } },
  { id: 'lookup-latency', kind: 'timeSeries', title: { en: 'Lookup (GETPORT) latency', 'pt-BR': 'Latência da consulta (GETPORT)' }, metric: 'lookupMs', unit: 'ms' },
  { id: 'outcomes', kind: 'bars', title: { en: 'Lookup outcomes', 'pt-BR': 'Resultados das consultas' }, list: 'outcomes', labelKey: 'name', valuePath: 'count', unit: { en: 'lookups', 'pt-BR': 'consultas' }, labelTexts: outcomeLabels },
];
