import { describe, expect, it } from 'vitest';
import type { TableModel } from '../../../common/tables/tableModel.ts';
import { scenarioWithoutComments } from '../../../main/report/scenarioWithoutComments.ts';
import { printedColumnsPerTable, tableHtml } from '../../../main/report/tablesHtml.ts';

describe('scenarioWithoutComments', () => {
  it('drops comment lines and trailing comments, and keeps a # that is content', () => {
    const text = [
      '# the whole lab',
      'engine: vm-migration   # which engine',
      'guest:',
      '  memory: 64MiB # guest RAM',
      "  label: 'a # b'",
      '  url: http://x/#frag',
      '  code: |',
      '    # a comment inside code is code',
      '    print(1)  # still code',
      'link: { bandwidth: 1Gbit } # end',
    ].join('\n');
    expect(scenarioWithoutComments(text)).toBe(
      [
        'engine: vm-migration',
        'guest:',
        '  memory: 64MiB',
        "  label: 'a # b'",
        '  url: http://x/#frag',
        '  code: |',
        '    # a comment inside code is code',
        '    print(1)  # still code',
        'link: { bandwidth: 1Gbit }',
      ].join('\n'),
    );
  });
});

function wideTable(columnCount: number, rowCount: number): TableModel {
  const headings = Array.from({ length: columnCount }, (_, index) => ({ text: `Column ${index}`, title: `Column ${index}`, unit: '', path: `c${index}`, numeric: index > 0 }));
  const rows = Array.from({ length: rowCount }, (_, row) => ({
    key: `row${row}`,
    cells: headings.map((_, index) => ({ text: index === 0 ? `row ${row}` : String(row * 100 + index), numeric: index > 0, missing: false })),
  }));
  return { id: 'wide', title: 'Wide', kind: 'list', rowHeadings: true, headings, rows };
}

describe('tableHtml in print', () => {
  it('prints a wide table as parts of neighbouring columns, each repeating the row heading, every column kept', () => {
    const html = tableHtml(wideTable(15, 3));
    const parts = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((match) => match[0]);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain('<caption>Wide (1/2)</caption>');
    for (const part of parts) {
      const headings = [...part.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((match) => match[1]);
      expect(headings[0]).toBe('Column 0');
      expect(headings.length).toBeLessThanOrEqual(printedColumnsPerTable);
      expect(part).toContain('<th scope="row" data-column="c0">row 2</th>');
    }
    const all = parts.join('');
    for (let index = 1; index < 15; index++) expect(all).toContain(`>${200 + index}</td>`);
    expect(parts[1]).toContain('>Column 14</th>');
  });

  it('prints a table that fits as one, and a long narrow one as two halves of its rows', () => {
    expect(tableHtml(wideTable(printedColumnsPerTable, 3)).match(/<table/g)).toHaveLength(1);
    const narrow = tableHtml(wideTable(3, 12));
    expect(narrow).toMatch(/^<div class="table-halves">/);
    expect(narrow).toContain('row 5</th>');
    expect(narrow.indexOf('row 5</th>')).toBeLessThan(narrow.indexOf('Wide (2/2)'));
    expect(narrow.indexOf('row 6</th>')).toBeGreaterThan(narrow.indexOf('Wide (2/2)'));
  });
});
