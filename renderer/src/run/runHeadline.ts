import type { Language, RunSummary } from '../../../preload/api.ts';
import { translate } from '../i18n/i18n.ts';
import { formatNumber } from './formatValues.ts';
import { readServerMetrics } from './serverMetrics.ts';

/** The few numbers that tell runs apart in the history list. */
export function runHeadline(run: RunSummary, language: Language): string {
  const servers = readServerMetrics(run.metrics);
  if (servers.length === 0) return run.error?.message ?? '';
  const bestThroughput = Math.max(...servers.map((server) => server.throughputRps));
  const lowestP99 = Math.min(...servers.map((server) => server.latencyMs.p99));
  return translate('history.headlineValue', {
    servers: servers.length,
    throughput: formatNumber(bestThroughput, language, 0),
    p99: formatNumber(lowestP99, language, 1),
  });
}
