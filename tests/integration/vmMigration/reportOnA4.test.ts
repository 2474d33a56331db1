// The hand-in report of a default VM migration run, printed to PDF by headless Chromium and read
// back with poppler: every page is A4, every table's last column heading made it onto a page
// (nothing cut at the right edge), no raw JSON is printed, and the run reads in at most four pages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProclab } from '../cli/runProclab.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-report-a4-'));
const database = join(directory, 'runs.sqlite');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/**
 * The last column heading of every table the engine declares (the one a too-wide table loses
 * first). A wide table is printed as parts; its declared last column is the last part's last.
 */
function lastHeadings(html: string): Map<string, string> {
  const byTable = new Map<string, string>();
  for (const match of html.matchAll(/<table class="metrics[^"]*" data-table-id="([^"]+)"[\s\S]*?<thead>([\s\S]*?)<\/thead>/g)) {
    const headings = [...match[2]!.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((heading) => heading[1]!.replace(/<[^>]+>/g, ''));
    byTable.set(match[1]!, headings.at(-1)!.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  }
  return byTable;
}

function declaredTableIds(html: string): string[] {
  const block = /<pre id="proclab-report-data"[^>]*>([\s\S]*?)<\/pre>/.exec(html)![1]!;
  return (JSON.parse(block) as { lab: { tables: { id: string }[] } }).lab.tables.map((table) => table.id);
}

const squeezed = (text: string): string => text.replace(/\s+/g, '');

describe('the report of a default VM migration run', () => {
  it('prints on A4 pages with every table whole, and no raw JSON', async () => {
    const run = await runProclab(['run', 'vm-migration', '--json', '--db', database], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const { runId } = JSON.parse(run.stdout) as { runId: string };
    const html = join(directory, 'report.html');
    const pdf = join(directory, 'report.pdf');
    expect((await runProclab(['export', runId, '--out', html, '--db', database])).code).toBe(0);
    const exported = await runProclab(['export', runId, '--out', pdf, '--db', database], { timeoutMs: 90_000 });
    expect(exported.code, exported.stderr).toBe(0);

    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdf], { encoding: 'utf8' }).match(/Page\s+\d+ size:.*$/gm) ?? [];
    expect(sizes).toHaveLength(pages);
    for (const size of sizes) expect(size).toMatch(/594\.\d+ x 841\.\d+ pts \(A4\)/);
    console.log(`vm-migration default report: ${pages} A4 pages`);

    // Text outside a page's box is not extracted, so a heading cut at the right edge goes missing.
    // A heading wrapped over lines in its cell may come out between other cells: each word must be there.
    const text = squeezed(execFileSync('pdftotext', ['-nopgbrk', pdf, '-'], { encoding: 'utf8' }));
    const reportHtml = readFileSync(html, 'utf8');
    const headings = lastHeadings(reportHtml);
    const declared = declaredTableIds(reportHtml);
    expect(declared.length).toBeGreaterThan(3);
    for (const id of declared) {
      const heading = headings.get(id);
      expect(heading, `table ${id} is printed`).toBeDefined();
      for (const word of heading!.split(/\s+/)) expect(text, `${id}: ${heading}`).toContain(squeezed(word));
    }
    // The timeline's data is printed as words, not as JSON objects.
    expect(text).not.toMatch(/\{"\w+":/);
    // The page map's snapshots are drawn in its chart; the printed timeline tells what happened.
    expect(reportHtml).not.toMatch(/<td><code>page-map<\/code><\/td>/);
    // A default run reads in at most four pages (it took 15 when every section started a page and
    // the timeline was raw, 8 with the scenario's comments, two charts a row and 15-column tables).
    expect(pages).toBeLessThanOrEqual(4);
  });
});
