// Thirty reports of one lab, made through the real store and export, some edited by hand the way
// a student might, graded end to end by the real `proclab grade` command; the gradebook is
// compared with the one expected from how each report was made and edited.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveVariant, describeVariant } from '../../../main/lab/labVariants.ts';
import { reportDataSha256 } from '../../../main/report/reportDataBlock.ts';
import { LabService } from '../../../main/service/labService.ts';
import { verifyReportHtml } from '../../../main/verify/verifyReport.ts';
import { courseLabId, courseSalt, generateClassReports, hiddenCheck, writeCourseLabs, type GeneratedReport } from '../../support/classReports.ts';
import { runProclab } from '../cli/runProclab.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-grading-'));
const labsDirectory = join(directory, 'labs');
const reportsDirectory = join(directory, 'hand-in');
const home = join(directory, 'home');
let labFolder: string;
let service: LabService;
let reports: GeneratedReport[];
const copier = 's2025-015';
const copied = 's2025-016';
const impostor = 's2025-099';

const blockPattern = /(<pre id="proclab-report-data"[^>]*>)([^<]*)(<\/pre>)/;

function editBlock(html: string, edit: (block: Record<string, any>) => void, recomputeHash = false): string {
  const match = blockPattern.exec(html)!;
  const block = JSON.parse(match[2]!) as Record<string, any>;
  const oldHash = block.sha256 as string;
  edit(block);
  if (recomputeHash) block.sha256 = reportDataSha256(block as never);
  const text = JSON.stringify(block).replace(/[<>&]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const edited = html.replace(blockPattern, `$1${text.replaceAll('$', '$$$$')}$3`);
  return recomputeHash ? edited.replaceAll(oldHash, block.sha256 as string) : edited;
}

function edit(studentId: string, change: (html: string) => string, saveAs = studentId): void {
  const source = join(reportsDirectory, `${studentId}.html`);
  const html = readFileSync(source, 'utf8');
  const changed = change(html);
  expect(changed, `the edit of ${studentId} changed nothing`).not.toBe(html);
  writeFileSync(join(reportsDirectory, `${saveAs}.html`), changed);
}

const round = (value: number): number => Math.round(value * 100) / 100;
let editedNumber = '';

beforeAll(async () => {
  mkdirSync(labsDirectory);
  labFolder = writeCourseLabs(labsDirectory);
  service = new LabService({ databasePath: join(directory, 'runs.sqlite'), labsDirectory, face: 'desktop' });
  expect(service.catalog.problems).toEqual([]);
  const lab = service.catalog.get(courseLabId)!;
  expect(describeVariant(deriveVariant(courseLabId, copier, courseSalt, lab.definition.variables))).not.toBe(describeVariant(deriveVariant(courseLabId, copied, courseSalt, lab.definition.variables)));
  reports = await generateClassReports(service, reportsDirectory, 29, 2025, new Map([[copier, copied]]));

  // A number changed on the page only: the first measured value of the lab's first declared table.
  edit('s2025-003', (html) =>
    html.replace(/<section id="metrics"[^]*?<\/section>/, (section) =>
      section.replace(/(<td class="number" data-column="[^"]+">)([^<]+)</, (_, before: string, number: string) => {
        editedNumber = number;
        return `${before}${number}9<`;
      }),
    ),
  );
  // A sample changed in the data block, its hash left as it was.
  edit('s2025-007', (html) => editBlock(html, (block) => (block.run.samples[0].values.tickLatenessMs = 0.001)));
  // An answer removed from the page.
  edit('s2025-009', (html) => html.replace(/<div class="answer"[^]*?<p class="answered-at">[^]*?<\/div>/, '<div class="answer" aria-label="Answer">\n</div>'));
  // An answer removed from the page and the data block.
  edit('s2025-010', (html) => editBlock(html.replace(/<div class="answer"[^]*?<p class="answered-at">[^]*?<\/div>/, '<div class="answer" aria-label="Resposta">\n<p class="empty">Nenhuma resposta foi escrita.</p>\n</div>'), (block) => (block.run.answers = [])));
  // Another student's report handed in under a new id, the data's hash recomputed and the page made to match.
  edit(
    's2025-020',
    (html) =>
      editBlock(
        html.replaceAll('<code>s2025-020</code>', `<code>${impostor}</code>`),
        (block) => (block.run.student.studentId = impostor),
        true,
      ),
    impostor,
  );
  // A report of another lab in the same folder is left out.
  const other = service.catalog.get('threads-processes')!;
  const started = service.startScenario(other, other.detail.defaultScenario.replace('repetitions: 30', 'repetitions: 2').replace('roundTrips: 2000', 'roundTrips: 20').replace('duration: 2s', 'duration: 200ms'), 5);
  if (!started.ok) throw new Error('the other lab did not start');
  await service.whenFinished(started.value.runId);
  const exported = await service.exportReport(started.value.runId);
  if (!exported.ok) throw new Error(exported.error.message);
  writeFileSync(join(reportsDirectory, 'other-lab.html'), exported.value.html);
  await service.close();

  writeFileSync(join(directory, 'marks.csv'), 'student,q1.numbers,q1.reasoning\r\ns2025-001,2,3\r\ns2025-002,1.5,\r\nS2025-004 ,0,2\r\n');
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

function expectedRows(lab: ReturnType<LabService['catalog']['get']> & {}): string[][] {
  const marks: Record<string, [string, string]> = { 's2025-001': ['2', '3'], 's2025-002': ['1.5', ''], 's2025-004': ['0', '2'] };
  const integrity: Record<string, string> = {
    's2025-003': 'page',
    's2025-007': 'data-edited+run-hash+seal+page',
    's2025-009': 'page',
    's2025-010': 'data-edited+seal+page',
    [impostor]: 'seal+variant',
  };
  const rows = [...reports, { ...reports.find((report) => report.studentId === 's2025-020')!, studentId: impostor }].map((report) => {
    const processPoints = report.processSlower ? 2 : 0;
    const target = 0.8 * report.blockMs;
    const stallPoints = report.stall === 'passed' ? 3 : report.stall === 'partial' ? round(3 * (1 - Math.abs(report.eventLoopLatenessMs - target) / (0.5 * target))) : 0;
    const poolPoints = report.pool === 'late' ? 0 : 2;
    const hiddenPoints = report.pool === 'within-quarter' ? 2 : 0;
    const checks = round(processPoints + stallPoints + poolPoints + hiddenPoints);
    const [numbers, reasoning] = marks[report.studentId] ?? ['', ''];
    const rubric = round(Number(numbers || 0) + Number(reasoning || 0));
    const variant = describeVariant(deriveVariant(courseLabId, report.studentId, courseSalt, lab.definition.variables));
    const used = describeVariant(deriveVariant(courseLabId, report.scenarioStudentId, courseSalt, lab.definition.variables)) === variant ? 'yes' : 'no';
    return [
      report.studentId,
      variant,
      used,
      integrity[report.studentId] ?? 'ok',
      String(processPoints),
      String(stallPoints),
      String(poolPoints),
      String(hiddenPoints),
      String(checks),
      numbers,
      reasoning,
      String(rubric),
      String(round(checks + rubric)),
      '14',
      report.runId,
      `${report.studentId}.html`,
    ];
  });
  return rows.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe('proclab grade on thirty reports', () => {
  it('writes the gradebook expected from how each report was made and edited', async () => {
    const csv = join(directory, 'grades.csv');
    const feedback = join(directory, 'feedback');
    expect(readdirSync(reportsDirectory).filter((name) => name.startsWith('s2025-'))).toHaveLength(30);
    const result = await runProclab(['grade', reportsDirectory, '--lab', labFolder, '--csv', csv, '--feedback', feedback, '--rubric', join(directory, 'marks.csv')], { env: { PROCLAB_HOME: home }, timeoutMs: 60_000 });
    expect(result.stderr).toContain('other-lab.html: a report of lab threads-processes, not course-blocking; left out');
    expect(result.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      `student,variant,variant-used,integrity,process-creation-costs-more,blocking-call-stalls-event-loop,pool-keeps-ticks-on-time,${hiddenCheck.id},checks,q1.numbers,q1.reasoning,rubric,total,max,run,report`,
    );
    const service2 = new LabService({ databasePath: ':memory:', labsDirectory, face: 'cli' });
    const lab = service2.catalog.get(courseLabId)!;
    await service2.close();
    expect(lines.slice(1).map((line) => line.split(','))).toEqual(expectedRows(lab));
    // Every kind of outcome is in the class: the comparison above covers them all.
    expect(new Set(reports.map((report) => report.stall))).toEqual(new Set(['passed', 'partial', 'failed']));
    expect(new Set(reports.map((report) => report.pool))).toEqual(new Set(['within-quarter', 'within-half', 'late']));
    expect(lab.detail.variables.map((variable) => variable.choices)).toEqual([5, 3]);
  });

  it('writes one feedback page per student that never names a hidden check', () => {
    const feedback = join(directory, 'feedback');
    const pages = readdirSync(feedback);
    expect(pages).toHaveLength(30);
    for (const page of pages) {
      const html = readFileSync(join(feedback, page), 'utf8');
      expect(html).not.toContain(hiddenCheck.id);
      expect(html).not.toContain(hiddenCheck.titleEn);
      expect(html).not.toContain(hiddenCheck.titlePtBr);
      expect(html).not.toContain(hiddenCheck.left);
      expect(html).not.toContain('p99LatenessMs');
      expect(html).not.toContain('0.20 ×');
      expect(html).not.toMatch(/<script/i);
      expect(html).toMatch(/Further checks \(1, not shown\)|Outras verificações \(1, não mostradas\)/);
    }
    const edited = readFileSync(join(feedback, 's2025-003.html'), 'utf8');
    expect(edited).toContain('page');
    // The edit is found in the declared table, at the cell it was made in.
    const verified = verifyReportHtml(readFileSync(join(reportsDirectory, 's2025-003.html'), 'utf8'));
    expect(editedNumber).not.toBe('');
    expect(verified.problems).toEqual([{ kind: 'page', where: 'metrics › table 1 › row 2 › cell 2', expected: editedNumber, found: `${editedNumber}9` }]);
    expect(readFileSync(join(feedback, 's2025-001.html'), 'utf8')).toContain('3 / 3');
  });

  it('refuses rubric marks above a criterion’s points with file:line:col', async () => {
    const marks = join(directory, 'bad-marks.csv');
    writeFileSync(marks, 'student,q1.numbers\ns2025-001,7\n');
    const result = await runProclab(['grade', reportsDirectory, '--lab', labFolder, '--rubric', marks], { env: { PROCLAB_HOME: home } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${marks}:2:11: q1.numbers must be a number from 0 to 2, not "7"`);
    expect(existsSync(join(home, 'labs'))).toBe(false);
  });
});
