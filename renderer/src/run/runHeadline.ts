import type { Language, RunSummary } from '../../../preload/api.ts';
import { translate } from '../i18n/i18n.ts';
import { formatNumber } from './formatValues.ts';
import { readServerMetrics } from './serverMetrics.ts';
import { metricTables } from '../../../common/metrics/metricTables.ts';

/** The few numbers that tell runs apart in the history list. */
export function runHeadline(run: RunSummary, language: Language): string {
  const servers = readServerMetrics(run.metrics);
  if (servers.length === 0) return run.error?.message ?? genericHeadline(run, language);
  const bestThroughput = Math.max(...servers.map((server) => server.throughputRps));
  const lowestP99 = Math.min(...servers.map((server) => server.latencyMs.p99));
  return translate('history.headlineValue', {
    servers: servers.length,
    throughput: formatNumber(bestThroughput, language, 0),
    p99: formatNumber(lowestP99, language, 1),
  });
}

/** Any other lab kind: its first few loose values, else the first row of its first table. */
function genericHeadline(run: RunSummary, language: Language): string {
  const [first] = metricTables(run.metrics);
  if (first === undefined) return '';
  const show = (value: unknown): string => (typeof value === 'number' ? formatNumber(value, language, Number.isInteger(value) ? 0 : 1) : String(value));
  if (first.columns[0] === 'metric') return first.rows.slice(0, 3).map(([metric, value]) => `${String(metric)} ${show(value)}`).join(' · ');
  const row = first.rows[0] ?? [];
  return first.columns.slice(0, 4).map((column, index) => `${column} ${show(row[index])}`).join(' · ');
}
