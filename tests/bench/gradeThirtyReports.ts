// Grading thirty reports, as an instructor runs it: `proclab grade DIR --lab LAB --csv --feedback`
// in its own process (start-up included), against exporting the same thirty reports in this
// process (the reference: drawing each report once). Interleaved rounds; prints the median
// grading time against its bar (10 s for thirty reports) and the ratio to the export.
// Run: npx node tests/bench/gradeThirtyReports.ts [rounds]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LabService } from '../../main/service/labService.ts';
import { courseLabId, generateClassReports, writeCourseLabs } from '../support/classReports.ts';

const rounds = Math.min(10, Math.max(1, Number(process.argv[2] ?? 5)));
const barMs = 10_000;
const bin = join(import.meta.dirname, '..', '..', 'bin', 'proclab.js');
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const directory = mkdtempSync(join(tmpdir(), 'proclab-grade-bench-'));
try {
  const labsDirectory = join(directory, 'labs');
  mkdirSync(labsDirectory);
  const labFolder = writeCourseLabs(labsDirectory);
  const service = new LabService({ databasePath: join(directory, 'runs.sqlite'), labsDirectory, face: 'desktop' });
  const reports = await generateClassReports(service, join(directory, 'reports'), 30, 7);
  const gradeTimes: number[] = [];
  const exportTimes: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const exportStart = performance.now();
    for (const report of reports) {
      const exported = await service.exportReport(report.runId, report.language);
      if (!exported.ok) throw new Error(exported.error.message);
    }
    exportTimes.push(performance.now() - exportStart);
    const gradeStart = performance.now();
    const graded = spawnSync(process.execPath, [bin, 'grade', join(directory, 'reports'), '--lab', labFolder, '--csv', join(directory, 'grades.csv'), '--feedback', join(directory, 'feedback')], {
      env: { ...process.env, PROCLAB_HOME: join(directory, 'home') },
      encoding: 'utf8',
    });
    gradeTimes.push(performance.now() - gradeStart);
    if (graded.status !== 0) throw new Error(`proclab grade failed (${graded.status}): ${graded.stderr}`);
    console.log(`round ${round}: grade ${gradeTimes.at(-1)!.toFixed(0)} ms (process start included), export of the same reports ${exportTimes.at(-1)!.toFixed(0)} ms`);
  }
  await service.close();
  const grade = median(gradeTimes);
  console.log(`${courseLabId}: 30 reports graded in ${grade.toFixed(0)} ms median (bar: under ${barMs} ms) — ${grade < barMs ? 'within the bar' : 'OVER THE BAR'}`);
  console.log(`ratio grade / export: ${(grade / median(exportTimes)).toFixed(1)}× (grading verifies, redraws and compares each report)`);
  process.exitCode = grade < barMs ? 0 : 1;
} finally {
  rmSync(directory, { recursive: true, force: true });
}
