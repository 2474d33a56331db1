import type { Language, RunMetrics } from '../../preload/api.ts';
import { escapeHtml } from './htmlEscape.ts';
import { formatNumber } from './reportNumbers.ts';
import { reportTexts } from './reportText.ts';

/**
 * The run's metrics as HTML tables. `metrics.servers` (the architectures lab's `ServerMetrics[]`)
 * gets a row per server; anything else an engine reports is shown as dotted-path / value rows, so
 * a new engine's metrics appear in reports without changes here.
 */
export function renderMetricsTables(metrics: RunMetrics | null, language: Language): string {
  const text = reportTexts[language];
  if (metrics === null || Object.keys(metrics).length === 0) return `<p class="empty">${escapeHtml(text.noMetrics)}</p>`;
  const { servers, ...others } = metrics;
  const parts: string[] = [];
  let remaining: Record<string, unknown> = others;
  if (isServerList(servers)) parts.push(renderServersTable(servers, language));
  else if (servers !== undefined) remaining = metrics;
  if (Object.keys(remaining).length > 0) parts.push(renderGenericTable(remaining, language));
  return parts.join('\n');
}

function isServerList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item));
}

function renderServersTable(servers: Record<string, unknown>[], language: Language): string {
  const text = reportTexts[language];
  const headings = [text.server, text.architecture, text.requests, text.throughput, text.latencyP50, text.latencyP90, text.latencyP99, text.latencyMax, text.errors];
  const numericColumns = new Set([2, 3, 4, 5, 6, 7, 8]);
  const headerCells = headings.map((heading, index) => `<th${numericColumns.has(index) ? ' class="number"' : ''}>${escapeHtml(heading)}</th>`).join('');
  const rows = servers.map((server) => {
    const latency = typeof server['latencyMs'] === 'object' && server['latencyMs'] !== null ? (server['latencyMs'] as Record<string, unknown>) : {};
    const cells = [
      textCell(server['name']),
      textCell(server['architecture']),
      numberCell(server['requests'], language, 0),
      numberCell(server['throughputRps'], language, 1),
      numberCell(latency['p50'], language, 2),
      numberCell(latency['p90'], language, 2),
      numberCell(latency['p99'], language, 2),
      numberCell(latency['max'], language, 2),
      numberCell(server['errors'], language, 0),
    ];
    return `<tr class="server-row">${cells.join('')}</tr>`;
  });
  return `<table class="metrics servers">\n<thead><tr>${headerCells}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function renderGenericTable(metrics: Record<string, unknown>, language: Language): string {
  const text = reportTexts[language];
  const rows = flatten(metrics, '').map(
    ([path, value]) => `<tr><th scope="row"><code>${escapeHtml(path)}</code></th><td>${escapeHtml(formatLeaf(value, language))}</td></tr>`,
  );
  return (
    `<table class="metrics generic">\n<thead><tr><th>${escapeHtml(text.metricKey)}</th><th>${escapeHtml(text.metricValue)}</th></tr></thead>\n` +
    `<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`
  );
}

/** Leaves of a JSON value with their paths, e.g. `migration.pagesTransferred` or `phases[2].ms`. */
function flatten(value: unknown, path: string): [string, unknown][] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [[path, '[]']];
    return value.flatMap((item, index) => flatten(item, `${path}[${index}]`));
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0) return [[path, '{}']];
    return keys.flatMap((key) => flatten((value as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`));
  }
  return [[path, value]];
}

function formatLeaf(value: unknown, language: Language): string {
  if (typeof value === 'number') return formatNumber(value, language, 3);
  if (value === null || value === undefined) return '—';
  return String(value);
}

function textCell(value: unknown): string {
  return `<td>${escapeHtml(value === undefined || value === null ? '—' : String(value))}</td>`;
}

function numberCell(value: unknown, language: Language, fractionDigits: number): string {
  const shown = typeof value === 'number' ? formatNumber(value, language, fractionDigits) : '—';
  return `<td class="number">${escapeHtml(shown)}</td>`;
}
