import type { Language, LocalizedText, RunMetrics, TableColumn, TableField, TableSpec } from '../../preload/api.ts';
import { valueAtPath } from '../charts/valueAtPath.ts';
import { formatValue, isMissing, isNumericFormat } from './formatValue.ts';
import type { TableCell, TableHeading, TableModel, TableRow } from './tableModel.ts';
import { tableWords } from './tableWords.ts';

function localized(text: LocalizedText, language: Language): string {
  return text[language] ?? text.en;
}

/** `Title (unit)`, or the title alone. */
export function headingText(field: TableField, language: Language): string {
  const title = localized(field.title, language);
  return field.unit === undefined || field.unit === '' ? title : `${title} (${field.unit})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

interface SourceRow {
  record: Record<string, unknown>;
  outer: Record<string, unknown>;
}

function sourceRows(spec: Extract<TableSpec, { kind: 'list' }>, metrics: RunMetrics): SourceRow[] {
  const list = valueAtPath(metrics, spec.list);
  if (!Array.isArray(list)) return [];
  const records = list.filter(isRecord);
  if (spec.each === undefined) return records.map((record) => ({ record, outer: record }));
  const each = spec.each;
  return records.flatMap((outer) => {
    const inner = valueAtPath(outer, each);
    return Array.isArray(inner) ? inner.filter(isRecord).map((record) => ({ record, outer })) : [];
  });
}

function listTable(spec: Extract<TableSpec, { kind: 'list' }>, metrics: RunMetrics, language: Language): TableModel | null {
  const rows = sourceRows(spec, metrics);
  if (rows.length === 0) return null;
  const label = spec.columns.find((column) => column.label === true);
  const ordered: TableColumn[] = label === undefined ? [...spec.columns] : [label, ...spec.columns.filter((column) => column !== label)];
  const read = (column: TableColumn, row: SourceRow): unknown => valueAtPath(column.fromOuter === true ? row.outer : row.record, column.path);
  // A column nothing in this run filled (an open-loop figure in a closed-loop run) is left out.
  const shown = ordered.filter((column) => column === label || rows.some((row) => !isMissing(read(column, row))));
  // Row labels alone say nothing: a table none of whose values this run measured is left out.
  if (shown.every((column) => column === label)) return null;
  const cells: TableCell[][] = rows.map((row) => shown.map((column) => formatValue(read(column, row), column, language)));
  const headings: TableHeading[] = shown.map((column, index) => ({
    text: headingText(column, language),
    title: localized(column.title, language),
    unit: column.unit ?? '',
    path: column.path,
    numeric: isNumericFormat(column.format) || (column.format === undefined && cells.every((row) => row[index]!.missing || row[index]!.numeric)),
  }));
  const tableRows: TableRow[] = cells.map((row, index) => ({ key: label === undefined ? String(index) : `${row[0]!.text}#${index}`, cells: row }));
  return { id: spec.id, title: localized(spec.title, language), kind: 'list', rowHeadings: label !== undefined, headings, rows: tableRows };
}

function valuesTable(spec: Extract<TableSpec, { kind: 'values' }>, metrics: RunMetrics, language: Language): TableModel | null {
  const record = spec.record === '' ? metrics : valueAtPath(metrics, spec.record);
  if (!isRecord(record)) return null;
  const rows: TableRow[] = spec.values
    .filter((field) => valueAtPath(record, field.path) !== undefined)
    .map((field) => ({
      key: field.path,
      cells: [{ text: headingText(field, language), numeric: false, missing: false }, formatValue(valueAtPath(record, field.path), field, language)],
    }));
  if (rows.length === 0) return null;
  const words = tableWords[language];
  return {
    id: spec.id,
    title: localized(spec.title, language),
    kind: 'values',
    rowHeadings: true,
    headings: [
      { text: words.metric, title: words.metric, unit: '', path: '', numeric: false },
      { text: words.value, title: words.value, unit: '', path: '', numeric: true },
    ],
    rows,
  };
}

/** One declared table of a run, or null when the run's metrics hold nothing for it. */
export function renderTable(spec: TableSpec, metrics: RunMetrics | null, language: Language): TableModel | null {
  if (metrics === null) return null;
  return spec.kind === 'list' ? listTable(spec, metrics, language) : valuesTable(spec, metrics, language);
}
