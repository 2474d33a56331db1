import type { RunMetrics } from '../../preload/api.ts';

export type MetricCell = string | number | boolean | null;

/** One table of a run's metrics: a list of records, or the loose values gathered in one table. */
export interface MetricTable {
  title: string;
  columns: string[];
  rows: MetricCell[][];
}

function flatten(value: unknown, prefix: string, into: Map<string, MetricCell>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, into);
  } else if (Array.isArray(value)) {
    into.set(prefix, value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', '));
  } else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    into.set(prefix, value as MetricCell);
  }
}

function isRecordList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
}

/**
 * Lays any engine's metrics out as tables, so a lab kind needs no window code of its own to show
 * its numbers: each list of records becomes a table (nested keys as dotted columns), and every
 * other value goes into one "values" table.
 */
export function metricTables(metrics: RunMetrics | null, looseTitle = 'values'): MetricTable[] {
  if (metrics === null) return [];
  const tables: MetricTable[] = [];
  const loose = new Map<string, MetricCell>();
  for (const [key, value] of Object.entries(metrics)) {
    if (isRecordList(value)) {
      const rows = value.map((item) => {
        const cells = new Map<string, MetricCell>();
        flatten(item, '', cells);
        return cells;
      });
      const columns = [...new Set(rows.flatMap((cells) => [...cells.keys()]))];
      tables.push({ title: key, columns, rows: rows.map((cells) => columns.map((column) => cells.get(column) ?? null)) });
    } else {
      flatten(value, key, loose);
    }
  }
  if (loose.size > 0) tables.unshift({ title: looseTitle, columns: ['metric', 'value'], rows: [...loose.entries()].map(([metric, value]) => [metric, value]) });
  return tables;
}
