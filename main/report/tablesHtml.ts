import type { TableCell, TableModel } from '../../common/tables/tableModel.ts';
import { escapeHtml } from './htmlEscape.ts';

// The run's tables as the window shows them (common/tables), as static HTML for the report.

function cellHtml(cell: TableCell, element: 'td' | 'th', path: string): string {
  const classes = [cell.numeric ? 'number' : '', cell.missing ? 'missing' : ''].filter((name) => name !== '').join(' ');
  const attributes = `${element === 'th' ? ' scope="row"' : ''}${classes === '' ? '' : ` class="${classes}"`}${path === '' ? '' : ` data-column="${escapeHtml(path)}"`}`;
  return `<${element}${attributes}>${escapeHtml(cell.text)}</${element}>`;
}

export function tableHtml(table: TableModel): string {
  const header = table.headings
    .map((heading) => `<th scope="col"${heading.numeric ? ' class="number"' : ''}${heading.path === '' ? '' : ` data-column="${escapeHtml(heading.path)}"`}>${escapeHtml(heading.text)}</th>`)
    .join('');
  const rows = table.rows.map((row) => {
    const cells = row.cells.map((cell, index) => {
      const heading = table.rowHeadings && index === 0;
      // A row heading that names a metric by its path reads best as code.
      if (heading && table.kind === 'other') return `<th scope="row"><code>${escapeHtml(cell.text)}</code></th>`;
      return cellHtml(cell, heading ? 'th' : 'td', table.headings[index]?.path ?? '');
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return (
    `<table class="metrics ${escapeHtml(table.kind)}" data-table-id="${escapeHtml(table.id)}">\n<caption>${escapeHtml(table.title)}</caption>\n` +
    `<thead><tr>${header}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`
  );
}
