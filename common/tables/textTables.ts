import type { TableModel } from './tableModel.ts';

// Tables as aligned plain text for a terminal: the title on its own line, text to the left,
// numbers to the right, two spaces between columns. A table wider than the terminal is cut into
// blocks of columns, each repeating the rows' headings, rather than wrapped line by line.

const columnGap = '  ';

/** Characters as a terminal counts them (one per code point, after composing accents). */
function width(text: string): number {
  return [...text.normalize('NFC')].length;
}

function pad(text: string, size: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return right ? fill + text : text + fill;
}

/** Columns in blocks no wider than `maximumWidth`; the row-heading column starts every block. */
function columnBlocks(widths: readonly number[], repeated: number[], maximumWidth: number): number[][] {
  const fixed = repeated.reduce((total, column) => total + widths[column]! + columnGap.length, 0);
  const blocks: number[][] = [];
  let current: number[] = [];
  let used = fixed;
  for (let column = 0; column < widths.length; column += 1) {
    if (repeated.includes(column)) continue;
    const needed = widths[column]! + columnGap.length;
    if (current.length > 0 && used + needed > maximumWidth + columnGap.length) {
      blocks.push(current);
      current = [];
      used = fixed;
    }
    current.push(column);
    used += needed;
  }
  if (current.length > 0 || blocks.length === 0) blocks.push(current);
  return blocks.map((block) => [...repeated, ...block]);
}

export function tableAsText(table: TableModel, maximumWidth = Number.POSITIVE_INFINITY): string {
  const header = table.headings.map((heading) => heading.text);
  const widths = header.map((text, column) => Math.max(width(text), ...table.rows.map((row) => width(row.cells[column]?.text ?? ''))));
  // A row's heading stays to the left even when it is a number; so does everything in a list of
  // named values, where a long text beside a number would push the number far to the right.
  const isRowHeading = (column: number): boolean => (column === 0 && table.rowHeadings) || table.kind !== 'list';
  const blocks = columnBlocks(widths, table.rowHeadings ? [0] : [], maximumWidth);
  const parts = blocks.map((columns) => {
    const line = (text: (column: number) => string, right: (column: number) => boolean): string =>
      columns.map((column) => pad(text(column), widths[column]!, right(column))).join(columnGap).trimEnd();
    return [
      line((column) => header[column]!, (column) => !isRowHeading(column) && table.headings[column]!.numeric),
      line((column) => '-'.repeat(widths[column]!), () => false),
      ...table.rows.map((row) =>
        line(
          (column) => row.cells[column]?.text ?? '',
          (column) => !isRowHeading(column) && (row.cells[column]?.numeric ?? false),
        ),
      ),
    ].join('\n');
  });
  return `${table.title}\n${parts.join('\n\n')}`;
}

/** Every table, a blank line between two; `maximumWidth` is the terminal's width in characters. */
export function tablesAsText(tables: readonly TableModel[], maximumWidth = Number.POSITIVE_INFINITY): string {
  return tables.map((table) => tableAsText(table, maximumWidth)).join('\n\n');
}
