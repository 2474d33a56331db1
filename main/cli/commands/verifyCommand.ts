import { existsSync, readFileSync } from 'node:fs';
import { reportLabId, verifyReport, type Verification } from '../../service/reportVerification.ts';
import { exitCodes, UsageError } from '../cliErrors.ts';
import { sharedFlags, type Command } from '../commandLine.ts';
import { courseSaltOption, fullCatalog, labFlag, optionalText, resolveLab, saltFileFlag } from '../instructorLab.ts';

export function describeVerification(file: string, result: Verification): string {
  const run = result.block?.run;
  const handin = result.handin;
  const who =
    handin !== undefined
      ? ` (hand-in of ${handin.runs.length} runs, lab ${handin.lab.id}${handin.student === null ? ', no student id' : `, student ${handin.student.studentId}`})`
      : run === undefined
        ? ''
        : ` (run ${run.runId}, lab ${run.labId}${run.student === null ? ', no student id' : `, student ${run.student.studentId}`})`;
  const lines = [`${file}: ${result.ok ? 'ok' : `${result.problems.length} problem(s)`}${who}`];
  for (const problem of result.problems) lines.push(`  ${problem.kind.padEnd(13)} ${problem.where}: expected ${JSON.stringify(problem.expected)}, found ${JSON.stringify(problem.found)}`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Checks a report against the raw data it embeds: data edited after export, numbers on the page that differ from the data, check results the metrics do not give.',
  arguments: [{ name: 'REPORT.html', help: 'The report, as proclab export or the window wrote it.' }],
  flags: [
    { ...sharedFlags.json, help: 'Print {ok, problems: [{kind, where, expected, found}], notes, report}.' },
    labFlag('The lab: an id from proclab list, or the instructor’s lab folder (default: the lab the report names, if installed; else the checks the report embeds).'),
    saltFileFlag('The course salt (default: the lab’s instructor/course-salt, or the one its pack carried); checks the course seal and that the variant belongs to the student id.'),
  ],
  notes: `Problem kinds: data-block, data-edited, page, run-hash, scenario-hash, check, lab-checks, seal, salt, variant. A report that passes was not edited after export; it does not prove the run was not fabricated (proclab rerun REPORT.html runs its scenario and seed again to compare).

Exit codes: 0 ok; 1 problems found; 2 bad input.`,
  async run(line) {
    const [file] = line.arguments as [string];
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    const html = readFileSync(file, 'utf8');
    const labOption = optionalText(line, 'lab');
    const catalog = fullCatalog();
    // The instructor's lab when named, else the one the report names if it is installed here.
    const reportedLabId = labOption === undefined ? reportLabId(html) : undefined;
    const lab = labOption !== undefined ? resolveLab(labOption, catalog) : reportedLabId === undefined ? undefined : catalog.get(reportedLabId);
    const result = verifyReport(html, { lab, courseSalt: courseSaltOption(line, lab) });
    if (line.values.json === true) {
      const run = result.block?.run;
      const handin = result.handin;
      const report =
        handin !== undefined
          ? { runIds: handin.runs.map((handedIn) => handedIn.runId), labId: handin.lab.id, studentId: handin.student?.studentId ?? null }
          : run === undefined
            ? null
            : { runId: run.runId, labId: run.labId, studentId: run.student?.studentId ?? null };
      process.stdout.write(`${JSON.stringify({ ok: result.ok, problems: result.problems, notes: result.notes, report })}\n`);
    } else {
      process.stdout.write(`${describeVerification(file, result)}\n`);
    }
    return result.ok ? exitCodes.ok : exitCodes.runFailed;
  },
};
