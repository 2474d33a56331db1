import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedbackPages, gradebookCsvText, gradebookSummary, gradeFolder } from '../../service/reportGrading.ts';
import { exitCodes, UsageError } from '../cliErrors.ts';
import type { Command } from '../commandLine.ts';
import { courseSaltOption, labFlag, nameFlag, optionalText, resolveLab, saltFileFlag } from '../instructorLab.ts';

export const gradeCommand: Command = {
  name: 'grade',
  summary: 'Grades every report in a folder: verifies each, scores the checks (hidden ones included) with partial credit, adds rubric marks, writes a gradebook and per-student feedback.',
  arguments: [{ name: 'DIR', help: 'The folder of reports (read with its subfolders).' }],
  flags: [
    { ...labFlag('The lab: an id from proclab list, or the instructor’s lab folder; hidden checks are read from its instructor/hidden-checks.yaml.'), required: true },
    nameFlag(
      'csv',
      'OUT.csv',
      { en: 'Write the gradebook here.', 'pt-BR': 'Escreve o boletim aqui.' },
      {
        help: 'Write the gradebook: one row per student, columns student, variant, variant-used, integrity, one per check (points earned), checks, one per rubric criterion (QUESTION.CRITERION), rubric, total, max, run, report.',
      },
    ),
    nameFlag('feedback', 'DIR', { en: 'Write one feedback page per student here (no hidden check is named in it).', 'pt-BR': 'Escreve aqui uma página de retorno por aluno (nenhuma verificação oculta aparece nela).' }),
    nameFlag(
      'rubric',
      'MARKS.csv',
      { en: 'Marks the instructor filled in: a CSV with a student column and rubric columns (the gradebook itself, filled in, works).', 'pt-BR': 'Notas que o professor preencheu: um CSV com uma coluna student e colunas da rubrica (o próprio boletim, preenchido, serve).' },
    ),
    saltFileFlag('The course salt (default: the lab’s instructor/course-salt, or the one its pack carried); with it the variant is derived from each student id and checked.'),
  ],
  notes: `Reports are read from DIR and its subfolders; a student with several reports is graded on the latest run.

Exit codes: 0 graded (whatever the reports' integrity; see its column); 2 bad input or no reports.`,
  async run(line) {
    const [directory] = line.arguments as [string];
    const labOption = line.values.lab as string;
    if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new UsageError(`${directory}: not a folder`);
    const lab = resolveLab(labOption);
    const courseSalt = courseSaltOption(line, lab);
    const rubricFile = optionalText(line, 'rubric');
    if (rubricFile !== undefined && !existsSync(rubricFile)) throw new UsageError(`${rubricFile}: no such file`);
    const gradebook = gradeFolder(directory, lab, { courseSalt, rubricFile });
    for (const warning of gradebook.warnings) process.stderr.write(`proclab: ${warning}\n`);
    if (gradebook.students.length === 0) throw new UsageError(`${directory} holds no report of lab ${lab.definition.id}`);
    if (courseSalt === undefined && lab.definition.variables.length > 0) process.stderr.write('proclab: no course salt: variants are taken from the reports as they are, not derived from the student ids\n');
    const csvPath = optionalText(line, 'csv');
    if (csvPath !== undefined) writeFileSync(csvPath, gradebookCsvText(gradebook));
    const feedbackDirectory = optionalText(line, 'feedback');
    if (feedbackDirectory !== undefined) {
      mkdirSync(feedbackDirectory, { recursive: true });
      for (const page of feedbackPages(gradebook)) writeFileSync(join(feedbackDirectory, page.fileName), page.html);
    }
    process.stdout.write(`${gradebookSummary(gradebook)}\n`);
    process.stdout.write(`${gradebook.students.length} student(s), out of ${gradebook.maxPoints} points${csvPath === undefined ? '' : `; gradebook ${csvPath}`}${feedbackDirectory === undefined ? '' : `; feedback in ${feedbackDirectory}`}\n`);
    return exitCodes.ok;
  },
};
