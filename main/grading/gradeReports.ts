import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseDocument } from 'yaml';
import type { Language, RunDetail, VariantValue } from '../../preload/api.ts';
import type { LabCheck } from '../lab/labDefinition.ts';
import type { Lab } from '../lab/labCatalog.ts';
import { deriveVariant } from '../lab/labVariants.ts';
import { parseEngineScenario } from '../scenario/engineScenario.ts';
import { verifyReportHtml, type Verification } from '../verify/verifyReport.ts';
import { scoreCheck, type CheckScore } from './checkPoints.ts';
import { rubricColumns, type RubricColumn, type RubricMarks } from './rubricMarks.ts';

export interface GradedStudent {
  /** The student id, or `(no id) FILE` for a report without one. */
  student: string;
  studentId: string | null;
  /** The report graded, relative to the folder. */
  file: string;
  /** The run graded (a hand-in: its runs, separated by spaces). */
  runId: string | null;
  language: Language;
  verification: Verification;
  /** `ok`, or the kinds of problem found joined by `+`. */
  integrity: string;
  /** The variant this id must have (derived with the salt), else the one the report records. */
  variant: VariantValue[];
  /** yes: the run's scenario has the variant's values; no: it does not; '' when the lab has no variables. */
  variantUsed: 'yes' | 'no' | '';
  publicScores: CheckScore[];
  hiddenScores: CheckScore[];
  /** Points awarded per rubric column; absent: not marked yet. */
  rubric: Map<string, number>;
  checkPoints: number;
  rubricPoints: number;
  total: number;
  /** Other reports of the same student that were not graded (older runs). */
  supersededFiles: string[];
}

export interface Gradebook {
  lab: Lab;
  columns: { publicChecks: string[]; hiddenChecks: string[]; rubric: RubricColumn[] };
  maxPoints: number;
  students: GradedStudent[];
  /** Reports left out, and why. */
  warnings: string[];
}

export interface GradeOptions {
  courseSalt?: string;
  marks?: RubricMarks;
}

function reportFiles(directory: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path);
      else if (entry.isFile() && /\.html?$/i.test(entry.name)) files.push(path);
    }
  };
  walk(directory);
  return files.sort();
}

function scenarioValueAt(scenarioText: string, path: string): string | undefined {
  const keys = path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  const value = parseDocument(scenarioText).getIn(keys);
  return value === undefined || value === null ? undefined : String(value);
}

/** Which of two scores of one check is the better: more points, then a pass over a miss. */
function scoreRank(score: CheckScore): number {
  const outcomeRank = { passed: 4, partial: 3, failed: 2, missing: 1, 'not-applicable': 0 }[score.outcome];
  return score.points * 10 + outcomeRank;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return Math.round(total * 100) / 100;
}

/**
 * Grades every report in a folder for one lab: each is verified, its checks (the lab's and the
 * instructor's hidden ones) are scored on the data it embeds, and the instructor's rubric marks
 * are added. One entry per student: the latest run when a student handed in several.
 */
export function gradeReports(directory: string, lab: Lab, options: GradeOptions = {}): Gradebook {
  const definition = lab.definition;
  const rubric = rubricColumns(definition);
  const maxPoints = sum([...definition.checks, ...lab.hiddenChecks].map((check) => check.points)) + sum(rubric.map((column) => column.maxPoints));
  const warnings: string[] = [];
  const byStudent = new Map<string, { graded: GradedStudent; createdAt: string }>();
  for (const path of reportFiles(directory)) {
    const file = relative(directory, path).split(sep).join('/');
    let verification: Verification;
    try {
      verification = verifyReportHtml(readFileSync(path, 'utf8'), { lab, ...(options.courseSalt === undefined ? {} : { courseSalt: options.courseSalt }) });
    } catch (error) {
      // One report that cannot be read is that report's problem, never the whole class's.
      const reason = error instanceof Error ? error.message : String(error);
      verification = { ok: false, problems: [{ kind: 'data-block', where: 'data block', expected: 'a readable report', found: reason }], notes: [] };
    }
    const runs: RunDetail[] = verification.handin?.runs ?? (verification.block === undefined ? [] : [verification.block.run]);
    const labId = verification.handin?.lab.id ?? verification.block?.run.labId;
    if (labId !== undefined && labId !== definition.id) {
      warnings.push(`${file}: a report of lab ${labId}, not ${definition.id}; left out`);
      continue;
    }
    const student = verification.handin !== undefined ? verification.handin.student : (runs[0]?.student ?? null);
    const studentId = student?.studentId ?? null;
    const kinds: string[] = [...new Set(verification.problems.map((problem) => problem.kind))];
    if (runs.length > 0 && studentId === null) kinds.push('no-student-id');
    const scenarios = runs.map((run) => {
      const parsed = parseEngineScenario(run.scenarioText, run.engine);
      return parsed.ok ? parsed.value : undefined;
    });
    const metricsOf = (index: number) => (runs[index]!.status === 'succeeded' && scenarios[index] !== undefined ? runs[index]!.metrics : null);
    // A hand-in's check counts in the run that shows it best: each question asks for its own run.
    const bestScore = (check: LabCheck): CheckScore =>
      runs.length === 0 ? scoreCheck(check, undefined, null) : runs.map((_, index) => scoreCheck(check, scenarios[index], metricsOf(index))).reduce((best, score) => (scoreRank(score) > scoreRank(best) ? score : best));
    const publicScores = definition.checks.map(bestScore);
    const hiddenScores = lab.hiddenChecks.map(bestScore);
    let variant: VariantValue[] = student?.values ?? [];
    if (studentId !== null && options.courseSalt !== undefined) variant = deriveVariant(definition.id, studentId, options.courseSalt, definition.variables);
    const variantUsed: GradedStudent['variantUsed'] =
      definition.variables.length === 0 || runs.length === 0
        ? ''
        : variant.length > 0 && runs.every((run) => variant.every((value) => scenarioValueAt(run.scenarioText, value.path) === value.value))
          ? 'yes'
          : 'no';
    const awarded = studentId === null ? new Map<string, number>() : (options.marks?.get(studentId) ?? new Map<string, number>());
    const checkPoints = sum([...publicScores, ...hiddenScores].map((score) => score.points));
    const rubricPoints = sum(awarded.values());
    const graded: GradedStudent = {
      student: studentId ?? `(no id) ${file}`,
      studentId,
      file,
      runId: runs.length === 0 ? null : runs.map((run) => run.runId).join(' '),
      language: verification.handin?.language ?? verification.block?.language ?? 'en',
      verification,
      integrity: kinds.length === 0 ? 'ok' : kinds.join('+'),
      variant,
      variantUsed,
      publicScores,
      hiddenScores,
      rubric: awarded,
      checkPoints,
      rubricPoints,
      total: sum([checkPoints, rubricPoints]),
      supersededFiles: [],
    };
    const createdAt = runs.map((run) => run.createdAt).sort().at(-1) ?? '';
    const earlier = byStudent.get(graded.student);
    if (earlier === undefined) {
      byStudent.set(graded.student, { graded, createdAt });
    } else if (createdAt > earlier.createdAt || (createdAt === earlier.createdAt && verification.problems.length < earlier.graded.verification.problems.length)) {
      // The same run handed in twice (a copy, an edited copy): the one that verifies counts.
      graded.supersededFiles = [...earlier.graded.supersededFiles, earlier.graded.file];
      byStudent.set(graded.student, { graded, createdAt });
    } else {
      earlier.graded.supersededFiles.push(file);
    }
  }
  for (const { graded } of byStudent.values()) {
    if (graded.supersededFiles.length > 0) warnings.push(`student ${graded.student}: ${graded.supersededFiles.length + 1} reports; graded the latest run (${graded.file})`);
  }
  const students = [...byStudent.values()].map((entry) => entry.graded).sort((a, b) => a.student.localeCompare(b.student));
  return {
    lab,
    columns: { publicChecks: definition.checks.map((check) => check.id), hiddenChecks: lab.hiddenChecks.map((check) => check.id), rubric },
    maxPoints,
    students,
    warnings,
  };
}
