import type { LabDefinition } from '../lab/labDefinition.ts';
import { normalizeStudentId } from '../lab/labVariants.ts';
import { CsvSyntaxError, parseCsv } from './csvText.ts';

/** A rubric criterion's gradebook column: QUESTION.CRITERION. */
export interface RubricColumn {
  column: string;
  questionId: string;
  criterionId: string;
  maxPoints: number;
}

export function rubricColumns(definition: LabDefinition): RubricColumn[] {
  return definition.questions.flatMap((question) =>
    question.rubric.map((criterion) => ({ column: `${question.id}.${criterion.id}`, questionId: question.id, criterionId: criterion.id, maxPoints: criterion.points })),
  );
}

/** Points the instructor awarded, by student id, then by rubric column. */
export type RubricMarks = Map<string, Map<string, number>>;

export class RubricMarksError extends Error {
  override readonly name = 'RubricMarksError';
}

/**
 * Reads the marks an instructor filled in: any CSV with a `student` column and rubric columns
 * named QUESTION.CRITERION (the gradebook `proclab grade` writes is one; other columns are
 * ignored, so it can be filled in and passed back as it is). An empty cell is not marked yet.
 */
export function readRubricMarks(text: string, file: string, definition: LabDefinition): RubricMarks {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new RubricMarksError(`${file}:${error.line}:${error.column}: ${error.message}`);
    throw error;
  }
  const header = rows[0];
  if (header === undefined) throw new RubricMarksError(`${file}:1:1: the file is empty; it needs a header row with a student column`);
  const studentColumn = header.findIndex((cell) => cell.text.trim() === 'student');
  if (studentColumn === -1) throw new RubricMarksError(`${file}:1:1: the header row has no "student" column`);
  const columns = rubricColumns(definition);
  const positions = columns.map((column) => ({ column, index: header.findIndex((cell) => cell.text.trim() === column.column) })).filter((entry) => entry.index !== -1);
  const marks: RubricMarks = new Map();
  const problems: string[] = [];
  for (const row of rows.slice(1)) {
    const studentCell = row[studentColumn];
    if (studentCell === undefined || studentCell.text.trim() === '') continue;
    const studentId = normalizeStudentId(studentCell.text.replace(/^'/, ''));
    if (studentId === undefined) {
      problems.push(`${file}:${studentCell.line}:${studentCell.column}: "${studentCell.text}" is not a student id`);
      continue;
    }
    if (marks.has(studentId)) problems.push(`${file}:${studentCell.line}:${studentCell.column}: student ${studentId} has two rows`);
    const awarded = new Map<string, number>();
    for (const { column, index } of positions) {
      const cell = row[index];
      const written = cell?.text.trim() ?? '';
      if (written === '') continue;
      const points = Number(written.replace(',', '.'));
      if (!Number.isFinite(points) || points < 0 || points > column.maxPoints) {
        problems.push(`${file}:${cell!.line}:${cell!.column}: ${column.column} must be a number from 0 to ${column.maxPoints}, not "${written}"`);
        continue;
      }
      awarded.set(column.column, points);
    }
    marks.set(studentId, awarded);
  }
  if (problems.length > 0) throw new RubricMarksError(problems.join('\n'));
  return marks;
}
