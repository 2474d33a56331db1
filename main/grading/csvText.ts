/** CSV as spreadsheets read it (RFC 4180): commas, quotes doubled, CRLF between rows. */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells
    .map((cell) => {
      const text = typeof cell === 'number' ? formatCsvNumber(cell) : cell;
      // A leading = + - @ makes a spreadsheet run the cell as a formula; student ids must not.
      const guarded = typeof cell === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
      return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
    })
    .join(',');
}

export function csvText(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map(csvLine).join('\r\n') + '\r\n';
}

function formatCsvNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

export interface CsvCell {
  text: string;
  line: number;
  column: number;
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  readonly line: number;
  readonly column: number;
  constructor(line: number, column: number, message: string) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

/** Parses CSV text into rows of cells that remember where they start (1-based line and column). */
export function parseCsv(text: string): CsvCell[][] {
  const rows: CsvCell[][] = [];
  let row: CsvCell[] = [];
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = index;
  const atEnd = (): boolean => index >= text.length;
  while (!atEnd()) {
    const cellLine = line;
    const cellColumn = index - lineStart + 1;
    let value = '';
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        if (atEnd()) throw new CsvSyntaxError(cellLine, cellColumn, 'a quoted cell is never closed');
        const character = text[index]!;
        if (character === '"') {
          if (text[index + 1] === '"') {
            value += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        if (character === '\n') {
          line += 1;
          lineStart = index + 1;
        }
        value += character;
        index += 1;
      }
      if (!atEnd() && text[index] !== ',' && text[index] !== '\r' && text[index] !== '\n') throw new CsvSyntaxError(line, index - lineStart + 1, 'text after a closing quote');
    } else {
      while (!atEnd() && text[index] !== ',' && text[index] !== '\r' && text[index] !== '\n') value += text[index++];
    }
    row.push({ text: value, line: cellLine, column: cellColumn });
    if (atEnd()) break;
    if (text[index] === ',') {
      index += 1;
      if (atEnd()) row.push({ text: '', line, column: index - lineStart + 1 });
      continue;
    }
    if (text[index] === '\r') index += 1;
    if (text[index] === '\n') index += 1;
    rows.push(row);
    row = [];
    line += 1;
    lineStart = index;
  }
  if (row.length > 0) rows.push(row);
  return rows.filter((cells) => !(cells.length === 1 && cells[0]!.text === ''));
}
