import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseDocument } from 'yaml';
import type { Language, VariantValue } from '../../preload/api.ts';
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
    const run = verification.block?.run;
    if (run !== undefined && run.labId !== definition.id) {
      warnings.push(`${file}: a report of lab ${run.labId}, not ${definition.id}; left out`);
      continue;
    }
    const studentId = run?.student?.studentId ?? null;
    const kinds: string[] = [...new Set(verification.problems.map((problem) => problem.kind))];
    if (run !== undefined && studentId === null) kinds.push('no-student-id');
    const scenario = run === undefined ? undefined : parseEngineScenario(run.scenarioText, run.engine);
    const scenarioValue = scenario?.ok === true ? scenario.value : undefined;
    const metrics = run?.status === 'succeeded' && scenarioValue !== undefined ? run.metrics : null;
    const publicScores = definition.checks.map((check) => scoreCheck(check, scenarioValue, metrics));
    const hiddenScores = lab.hiddenChecks.map((check) => scoreCheck(check, scenarioValue, metrics));
    let variant: VariantValue[] = run?.student?.values ?? [];
    if (studentId !== null && options.courseSalt !== undefined) variant = deriveVariant(definition.id, studentId, options.courseSalt, definition.variables);
    const variantUsed: GradedStudent['variantUsed'] =
      definition.variables.length === 0 || run === undefined ? '' : variant.length > 0 && variant.every((value) => scenarioValueAt(run.scenarioText, value.path) === value.value) ? 'yes' : 'no';
    const awarded = studentId === null ? new Map<string, number>() : (options.marks?.get(studentId) ?? new Map<string, number>());
    const checkPoints = sum([...publicScores, ...hiddenScores].map((score) => score.points));
    const rubricPoints = sum(awarded.values());
    const graded: GradedStudent = {
      student: studentId ?? `(no id) ${file}`,
      studentId,
      file,
      runId: run?.runId ?? null,
      language: verification.block?.language ?? 'en',
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
    const createdAt = run?.createdAt ?? '';
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
