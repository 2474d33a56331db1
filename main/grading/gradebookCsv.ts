import { describeVariant } from '../lab/labVariants.ts';
import { csvText } from './csvText.ts';
import type { Gradebook } from './gradeReports.ts';

/**
 * The gradebook: one row per student. Check columns hold the points earned (hidden checks
 * included: this file is the instructor's); rubric columns are empty until the instructor fills
 * them in and passes the file back with --rubric.
 */
export function gradebookCsv(gradebook: Gradebook): string {
  const { publicChecks, hiddenChecks, rubric } = gradebook.columns;
  const header = ['student', 'variant', 'variant-used', 'integrity', ...publicChecks, ...hiddenChecks, 'checks', ...rubric.map((column) => column.column), 'rubric', 'total', 'max', 'run', 'report'];
  const rows = gradebook.students.map((student) => [
    student.student,
    describeVariant(student.variant),
    student.variantUsed,
    student.integrity,
    ...student.publicScores.map((score) => score.points),
    ...student.hiddenScores.map((score) => score.points),
    student.checkPoints,
    ...rubric.map((column) => student.rubric.get(column.column) ?? ''),
    student.rubricPoints,
    student.total,
    gradebook.maxPoints,
    student.runId ?? '',
    student.file,
  ]);
  return csvText([header, ...rows]);
}
