import type { TableCell, TableModel } from '../../common/tables/tableModel.ts';
import { escapeHtml } from './htmlEscape.ts';

// The run's tables as the window shows them (common/tables), as static HTML for the report.

/**
 * Columns one printed table holds, its row heading included. A wider table is printed as parts
 * of neighbouring columns, each repeating the row heading, so no heading wraps over many lines
 * on an A4 page.
 */
export const printedColumnsPerTable = 10;

function cellHtml(cell: TableCell, element: 'td' | 'th', path: string): string {
  const classes = [cell.numeric ? 'number' : '', cell.missing ? 'missing' : ''].filter((name) => name !== '').join(' ');
  const attributes = `${element === 'th' ? ' scope="row"' : ''}${classes === '' ? '' : ` class="${classes}"`}${path === '' ? '' : ` data-column="${escapeHtml(path)}"`}`;
  return `<${element}${attributes}>${escapeHtml(cell.text)}</${element}>`;
}

/** A table this narrow and this long is printed as two halves of its rows, side by side. */
const sideBySideColumns = 4;
const sideBySideRows = 8;

export function tableHtml(table: TableModel): string {
  if (table.headings.length <= sideBySideColumns && table.rows.length > sideBySideRows) {
    const half = Math.ceil(table.rows.length / 2);
    const columns = table.headings.map((_, index) => index);
    const halves = [table.rows.slice(0, half), table.rows.slice(half)].map((rows, part) =>
      tablePartHtml({ ...table, rows }, columns, ` (${part + 1}/2)`),
    );
    return `<div class="table-halves">\n${halves.join('\n')}\n</div>`;
  }
  return tableParts(table)
    .map((columns, part, parts) => tablePartHtml(table, columns, parts.length === 1 ? '' : ` (${part + 1}/${parts.length})`))
    .join('\n');
}

/** The column indexes of each printed part: neighbouring columns, split as evenly as they go. */
function tableParts(table: TableModel): number[][] {
  const all = table.headings.map((_, index) => index);
  if (all.length <= printedColumnsPerTable) return [all];
  const headingColumns = table.rowHeadings ? [0] : [];
  const dataColumns = all.slice(headingColumns.length);
  const perPart = printedColumnsPerTable - headingColumns.length;
  const partCount = Math.ceil(dataColumns.length / perPart);
  const size = Math.ceil(dataColumns.length / partCount);
  const parts: number[][] = [];
  for (let start = 0; start < dataColumns.length; start += size) parts.push([...headingColumns, ...dataColumns.slice(start, start + size)]);
  return parts;
}

function tablePartHtml(table: TableModel, columns: readonly number[], partLabel: string): string {
  const header = columns
    .map((index) => table.headings[index]!)
    .map((heading) => `<th scope="col"${heading.numeric ? ' class="number"' : ''}${heading.path === '' ? '' : ` data-column="${escapeHtml(heading.path)}"`}>${escapeHtml(heading.text)}</th>`)
    .join('');
  const rows = table.rows.map((row) => {
    const cells = columns.flatMap((index) => {
      const cell = row.cells[index];
      if (cell === undefined) return [];
      const heading = table.rowHeadings && index === 0;
      // A row heading that names a metric by its path reads best as code.
      if (heading && table.kind === 'other') return [`<th scope="row"><code>${escapeHtml(cell.text)}</code></th>`];
      return [cellHtml(cell, heading ? 'th' : 'td', table.headings[index]?.path ?? '')];
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return (
    `<table class="metrics ${escapeHtml(table.kind)}" data-table-id="${escapeHtml(table.id)}">\n<caption>${escapeHtml(table.title + partLabel)}</caption>\n` +
    `<thead><tr>${header}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`
  );
}
