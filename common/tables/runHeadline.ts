import type { HeadlineSpec, Language, RunSummary, TableSpec } from '../../preload/api.ts';
import { renderHeadline } from './renderHeadline.ts';
import { renderTable } from './renderTable.ts';
import type { TableModel } from './tableModel.ts';

const shownRows = 4;
const shownValues = 3;

/** A list table: each row's label and its first number (`stop-copy 138 ms · pre-copy 1.94 ms`). */
function listHeadline(table: TableModel): string {
  const column = table.headings.findIndex((heading, index) => heading.numeric && !(index === 0 && table.rowHeadings));
  if (column < 0) return '';
  const unit = table.headings[column]!.unit;
  return table.rows
    .slice(0, shownRows)
    .map((row) => {
      const value = `${row.cells[column]!.text}${unit === '' ? '' : ` ${unit}`}`;
      return table.rowHeadings ? `${row.cells[0]!.text} ${value}` : value;
    })
    .join(' · ');
}

/** A values table: its first few values with their names. */
function valuesHeadline(table: TableModel): string {
  return table.rows
    .slice(0, shownValues)
    .map((row) => `${row.cells[0]!.text}: ${row.cells[1]!.text}`)
    .join(' · ');
}

/**
 * The few numbers that tell runs apart in the history list: as the engine declares its headline,
 * or else from the lab's first declared table the run fills.
 */
export function runHeadline(run: RunSummary, tables: readonly TableSpec[], language: Language, headline: HeadlineSpec | null = null): string {
  if (run.error !== null) return run.error.message;
  if (headline !== null) {
    const declared = renderHeadline(headline, run.metrics, language);
    if (declared !== null) return declared;
  }
  for (const spec of tables) {
    const table = renderTable(spec, run.metrics, language);
    if (table !== null) return table.kind === 'list' ? listHeadline(table) : valuesHeadline(table);
  }
  return '';
}
