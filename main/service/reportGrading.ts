import { readFileSync } from 'node:fs';
import type { Lab } from '../lab/labCatalog.ts';
import { describeVariant } from '../lab/labVariants.ts';
import { feedbackFileName, feedbackHtml } from '../grading/feedbackHtml.ts';
import { gradebookCsv } from '../grading/gradebookCsv.ts';
import { gradeReports, type Gradebook } from '../grading/gradeReports.ts';
import { readRubricMarks, RubricMarksError, type RubricMarks } from '../grading/rubricMarks.ts';
import { ServiceError } from './serviceError.ts';

// Grading a folder of reports for one lab (`proclab grade`): the gradebook, its CSV, one
// feedback page per student and a summary to print.

export type { Gradebook, GradedStudent } from '../grading/gradeReports.ts';

export interface GradeFolderOptions {
  courseSalt?: string | undefined;
  /** A CSV of rubric marks the instructor filled in (the gradebook itself, filled in, works). */
  rubricFile?: string | undefined;
}

function rubricMarks(file: string, lab: Lab): RubricMarks {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ServiceError('not-found', `${file}: no such file`);
  }
  try {
    return readRubricMarks(text, file, lab.definition);
  } catch (error) {
    if (error instanceof RubricMarksError) throw new ServiceError('invalid-argument', error.message);
    throw error;
  }
}

/** Grades every report in `directory` (and its subfolders) for `lab`. */
export function gradeFolder(directory: string, lab: Lab, options: GradeFolderOptions = {}): Gradebook {
  const marks = options.rubricFile === undefined ? undefined : rubricMarks(options.rubricFile, lab);
  return gradeReports(directory, lab, { ...(options.courseSalt === undefined ? {} : { courseSalt: options.courseSalt }), ...(marks === undefined ? {} : { marks }) });
}

export function gradebookCsvText(gradebook: Gradebook): string {
  return gradebookCsv(gradebook);
}

/** One page per student, named for the student; no hidden check is named in any. */
export function feedbackPages(gradebook: Gradebook): { fileName: string; html: string }[] {
  return gradebook.students.map((student) => ({ fileName: feedbackFileName(student), html: feedbackHtml(gradebook, student) }));
}

/** student, total, integrity and variant, one aligned line per student under a heading. */
export function gradebookSummary(gradebook: Gradebook): string {
  const width = Math.max(7, ...gradebook.students.map((student) => student.student.length));
  const lines = [`${'student'.padEnd(width)}  ${'total'.padStart(7)}  integrity  variant`];
  for (const student of gradebook.students) {
    lines.push(`${student.student.padEnd(width)}  ${String(student.total).padStart(7)}  ${student.integrity.padEnd(9)}  ${describeVariant(student.variant)}`);
  }
  return lines.join('\n');
}
