import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedbackPages, gradebookCsvText, gradebookSummary, gradeFolder } from '../../service/reportGrading.ts';
import { exitCodes, UsageError } from '../cliErrors.ts';
import { stringOption, type Command } from '../commandLine.ts';
import { courseSaltOption, labFolderHelp, resolveLab, saltFileHelp } from '../instructorLab.ts';

export const gradeCommand: Command = {
  name: 'grade',
  usage: 'proclab grade DIR --lab ID|DIR [--csv OUT.csv] [--feedback DIR] [--rubric MARKS.csv] [--salt-file FILE]',
  summary: 'Grades every report in a folder: verifies each, scores the checks (hidden ones included) with partial credit, adds rubric marks, writes a gradebook and per-student feedback.',
  help: `${labFolderHelp}
                   (hidden checks are read from the folder's instructor/hidden-checks.yaml)
--csv OUT.csv      write the gradebook: one row per student, columns student, variant, variant-used,
                   integrity, one per check (points earned), checks, one per rubric criterion
                   (QUESTION.CRITERION), rubric, total, max, run, report
--feedback DIR     write one feedback page per student (no hidden check is named in it)
--rubric FILE.csv  marks the instructor filled in: a CSV with a student column and rubric columns
                   (the gradebook itself, filled in, works)
${saltFileHelp}
                   (with it the variant is derived from each student id and checked)
Reports are read from DIR and its subfolders; a student with several reports is graded on the latest run.
Exit codes: 0 graded (whatever the reports' integrity; see its column); 2 bad input or no reports.`,
  options: { lab: { type: 'string' }, csv: { type: 'string' }, feedback: { type: 'string' }, rubric: { type: 'string' }, 'salt-file': { type: 'string' } },
  async run(parsed) {
    const directory = parsed.positionals[0];
    const labOption = stringOption(parsed, 'lab');
    if (directory === undefined || parsed.positionals.length > 1 || labOption === undefined) throw new UsageError(`usage: ${this.usage}`);
    if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new UsageError(`${directory}: not a folder`);
    const lab = resolveLab(labOption);
    const courseSalt = courseSaltOption(parsed, lab);
    const rubricFile = stringOption(parsed, 'rubric');
    if (rubricFile !== undefined && !existsSync(rubricFile)) throw new UsageError(`${rubricFile}: no such file`);
    const gradebook = gradeFolder(directory, lab, { courseSalt, rubricFile });
    for (const warning of gradebook.warnings) process.stderr.write(`proclab: ${warning}\n`);
    if (gradebook.students.length === 0) throw new UsageError(`${directory} holds no report of lab ${lab.definition.id}`);
    if (courseSalt === undefined && lab.definition.variables.length > 0) process.stderr.write('proclab: no course salt: variants are taken from the reports as they are, not derived from the student ids\n');
    const csvPath = stringOption(parsed, 'csv');
    if (csvPath !== undefined) writeFileSync(csvPath, gradebookCsvText(gradebook));
    const feedbackDirectory = stringOption(parsed, 'feedback');
    if (feedbackDirectory !== undefined) {
      mkdirSync(feedbackDirectory, { recursive: true });
      for (const page of feedbackPages(gradebook)) writeFileSync(join(feedbackDirectory, page.fileName), page.html);
    }
    process.stdout.write(`${gradebookSummary(gradebook)}\n`);
    process.stdout.write(`${gradebook.students.length} student(s), out of ${gradebook.maxPoints} points${csvPath === undefined ? '' : `; gradebook ${csvPath}`}${feedbackDirectory === undefined ? '' : `; feedback in ${feedbackDirectory}`}\n`);
    return exitCodes.ok;
  },
};
