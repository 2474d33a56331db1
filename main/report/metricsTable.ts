import type { Language, RunMetrics } from '../../preload/api.ts';
import { metricTables } from '../../common/metrics/metricTables.ts';
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

/**
 * Every other metric laid out exactly as the window lays it out (common/metrics/metricTables.ts):
 * lists of records as tables with dotted columns, loose values as path/value rows.
 */
function renderGenericTable(metrics: Record<string, unknown>, language: Language): string {
  const text = reportTexts[language];
  return metricTables(metrics, text.metricKey)
    .map((table) => {
      const loose = table.columns[0] === 'metric' && table.columns.length === 2 && table.title === text.metricKey;
      const columns = loose ? [text.metricKey, text.metricValue] : table.columns;
      const header = columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('');
      const rows = table.rows.map((row) =>
        loose
          ? `<tr><th scope="row"><code>${escapeHtml(String(row[0]))}</code></th><td>${escapeHtml(formatLeaf(row[1], language))}</td></tr>`
          : `<tr>${row.map((value) => `<td${typeof value === 'number' ? ' class="number"' : ''}>${escapeHtml(formatLeaf(value, language))}</td>`).join('')}</tr>`,
      );
      const caption = loose ? '' : `<caption>${escapeHtml(table.title)}</caption>`;
      return `<table class="metrics generic">${caption}\n<thead><tr>${header}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
    })
    .join('\n');
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
