// A table as every face draws it: headings and cells already written in one language. The
// window makes HTML elements of it, the report HTML text, the CLI aligned plain text.

export interface TableHeading {
  /** The title with its unit, as printed: `p99 (ms)`. */
  text: string;
  title: string;
  /** '' when the column has none. */
  unit: string;
  /** Path of the value the column reads, as declared. */
  path: string;
  /** Numbers are aligned to the right. */
  numeric: boolean;
}

export interface TableCell {
  text: string;
  numeric: boolean;
  /** The metrics hold no value here; `text` is '—'. */
  missing: boolean;
}

export interface TableRow {
  /** Tells rows apart: the row's label, a value's path, or its index. */
  key: string;
  cells: TableCell[];
}

export interface TableModel {
  id: string;
  title: string;
  /** `other`: metrics no declared table shows, by path. */
  kind: 'list' | 'values' | 'other';
  /** The first cell of each row heads it (a label column, or the value names of a values table). */
  rowHeadings: boolean;
  headings: TableHeading[];
  rows: TableRow[];
}
