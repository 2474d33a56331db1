// The hand-in report of two short real runs of one lab, made and exported through the real
// `proclab` command: printed to PDF by headless Chromium and read back with poppler, every page is
// A4, the contents list every run, every table's last column heading is on a page; the hand-in
// verifies, and grades with each check counted in the run that shows it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabService } from '../../../main/service/labService.ts';
import { runProclab } from './runProclab.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-handin-'));
const database = join(directory, 'runs.sqlite');
const runIds: string[] = [];
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const labId = 'server-architectures';
const studentId = 's2025001';
const connections = [1, 16];

beforeAll(async () => {
  for (const count of connections) {
    const run = await runProclab(
      ['run', labId, '--set', 'load.duration=1s', '--set', 'load.warmup=100ms', '--set', `load.connections=${count}`, '--student', studentId, '--json', '--db', database],
      { timeoutMs: 120_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    runIds.push((JSON.parse(run.stdout) as { runId: string }).runId);
  }
  // The student answers two questions, each beside the run it cites.
  const service = new LabService({ databasePath: database, face: 'cli' });
  try {
    expect((await service.saveAnswer(runIds[0], 'q2', 'With one connection the iterative server served {{servers[architecture=iterative].throughputRps}} req/s.')).ok).toBe(true);
    expect((await service.saveAnswer(runIds[1], 'q1', 'The event-driven server served {{servers[architecture=event-driven].throughputRps}} req/s.')).ok).toBe(true);
  } finally {
    await service.close();
  }
}, 300_000);

/** The last column heading of every declared table printed, per run section. */
function lastHeadings(html: string): { where: string; heading: string }[] {
  const found: { where: string; heading: string }[] = [];
  for (const section of html.matchAll(/<section id="(run-\d+)" class="report-section handin-run"[\s\S]*?(?=<section id="run-\d+" class="report-section handin-run"|<section id="questions")/g)) {
    for (const match of section[0].matchAll(/<table class="metrics[^"]*" data-table-id="([^"]+)"[\s\S]*?<thead>([\s\S]*?)<\/thead>/g)) {
      const headings = [...match[2]!.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((heading) => heading[1]!.replace(/<[^>]+>/g, ''));
      const heading = headings.at(-1)!.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
      found.push({ where: `${section[1]} ${match[1]}`, heading });
    }
  }
  return found;
}

const squeezed = (text: string): string => text.replace(/\s+/g, '');

describe('proclab handin', () => {
  it('prints two runs of a lab on A4 pages, with a contents that lists both and every table whole', async () => {
    const html = join(directory, 'hand-in.html');
    const pdf = join(directory, 'hand-in.pdf');
    // Run ids by the start shown in the window and in proclab runs.
    const prefixes = runIds.map((runId) => runId.slice(0, 8));
    const written = await runProclab(['handin', '--lab', labId, ...prefixes, '--out', html, '--db', database]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain('2 runs');
    const printed = await runProclab(['handin', '--lab', labId, ...prefixes, '--out', pdf, '--db', database], { timeoutMs: 90_000 });
    expect(printed.code, printed.stderr).toBe(0);

    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdf], { encoding: 'utf8' }).match(/Page\s+\d+ size:.*$/gm) ?? [];
    expect(sizes).toHaveLength(pages);
    for (const size of sizes) expect(size).toMatch(/594\.\d+ x 841\.\d+ pts \(A4\)/);
    console.log(`hand-in of ${runIds.length} server-architectures runs: ${pages} A4 pages`);

    const text = execFileSync('pdftotext', ['-nopgbrk', pdf, '-'], { encoding: 'utf8' });
    const reportHtml = readFileSync(html, 'utf8');
    // The lab's title (not its id) heads it, with the student.
    expect(text).toContain('Server architectures');
    expect(text).toContain(studentId);
    // The contents list every run, with what its scenario changed.
    // From its heading to its last entry, the raw data.
    const contents = text.slice(text.indexOf('Contents'), text.indexOf('Raw data'));
    for (const [index, runId] of runIds.entries()) {
      expect(contents).toContain(`Run ${index + 1} ·`);
      expect(contents).toContain(runId.slice(0, 8));
    }
    expect(contents).toContain('load.connections 1');
    // Every table of every run made it onto a page up to its last column.
    const squeezedText = squeezed(text);
    const headings = lastHeadings(reportHtml);
    expect(headings.filter((entry) => entry.where.startsWith('run-1 ')).length).toBeGreaterThan(3);
    expect(headings.filter((entry) => entry.where.startsWith('run-2 ')).length).toBeGreaterThan(3);
    for (const { where, heading } of headings) {
      for (const word of heading.split(/\s+/)) expect(squeezedText, `${where}: ${heading}`).toContain(squeezed(word));
    }
    // Each answer cites its own run's number.
    expect(text).toContain('With one connection the iterative server served');
    expect(reportHtml).not.toContain('not measured in this run');
    expect(text).not.toMatch(/\{"\w+":/);
  }, 180_000);

  it('verifies, and grades each check in the run that shows it', async () => {
    const folder = join(directory, 'class');
    mkdirSync(folder);
    const handin = join(folder, 'hand-in.html');
    expect((await runProclab(['handin', '--lab', labId, ...runIds, '--out', handin, '--db', database])).code).toBe(0);
    const verified = await runProclab(['verify', handin, '--json']);
    expect(verified.code, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, report: { runIds, labId, studentId } });

    const csv = join(directory, 'grades.csv');
    const graded = await runProclab(['grade', folder, '--lab', labId, '--csv', csv]);
    expect(graded.code, graded.stderr).toBe(0);
    const [header, row] = readFileSync(csv, 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));
    const column = (name: string) => row![header!.indexOf(name)]!;
    expect(column('student')).toBe(studentId);
    expect(column('integrity')).toBe('ok');
    // What each run recorded: a check passed in any run earns its points.
    const block = JSON.parse(/<pre id="proclab-report-data"[^>]*>([\s\S]*?)<\/pre>/.exec(readFileSync(handin, 'utf8'))![1]!) as {
      runs: { checks: { checkId: string; passed: boolean }[] }[];
    };
    const passedSomewhere = new Set(block.runs.flatMap((run) => run.checks.filter((check) => check.passed).map((check) => check.checkId)));
    expect(passedSomewhere.size).toBeGreaterThan(0);
    for (const checkId of passedSomewhere) expect(Number(column(checkId)), checkId).toBeGreaterThan(0);
  }, 120_000);

  it('refuses unknown runs, runs of another lab and file names it cannot write, with exit 2', async () => {
    const html = join(directory, 'refused.html');
    const unknown = await runProclab(['handin', '--lab', labId, runIds[0]!, 'ffffffff', '--out', html, '--db', database]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no recorded run has an id starting with ffffffff');
    const otherLab = await runProclab(['handin', '--lab', 'vm-migration', runIds[0]!, '--out', html, '--db', database]);
    expect(otherLab.code).toBe(2);
    expect(otherLab.stderr).toContain(`is a run of lab ${labId}, not of vm-migration`);
    const docx = await runProclab(['handin', '--lab', labId, runIds[0]!, '--out', join(directory, 'hand-in.docx'), '--db', database]);
    expect(docx.code).toBe(2);
    expect(docx.stderr).toContain('a report is written as HTML (.html) or PDF (.pdf)');
    const none = await runProclab(['handin', '--lab', labId, '--out', html, '--db', database]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('RUN_ID is required');
  }, 60_000);
});
