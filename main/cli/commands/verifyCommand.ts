import { existsSync, readFileSync } from 'node:fs';
import { reportLabId, verifyReport, type Verification } from '../../service/reportVerification.ts';
import { exitCodes, UsageError } from '../cliErrors.ts';
import { stringOption, type Command } from '../commandLine.ts';
import { courseSaltOption, fullCatalog, labFolderHelp, resolveLab, saltFileHelp } from '../instructorLab.ts';

export function describeVerification(file: string, result: Verification): string {
  const run = result.block?.run;
  const who = run === undefined ? '' : ` (run ${run.runId}, lab ${run.labId}${run.student === null ? ', no student id' : `, student ${run.student.studentId}`})`;
  const lines = [`${file}: ${result.ok ? 'ok' : `${result.problems.length} problem(s)`}${who}`];
  for (const problem of result.problems) lines.push(`  ${problem.kind.padEnd(13)} ${problem.where}: expected ${JSON.stringify(problem.expected)}, found ${JSON.stringify(problem.found)}`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

export const verifyCommand: Command = {
  name: 'verify',
  usage: 'proclab verify REPORT.html [--json] [--lab ID|DIR] [--salt-file FILE]',
  summary: 'Checks a report against the raw data it embeds: data edited after export, numbers on the page that differ from the data, check results the metrics do not give.',
  help: `--json             print {ok, problems: [{kind, where, expected, found}], notes, report}
${labFolderHelp}
                   (default: the lab the report names, if installed; else the checks the report embeds)
${saltFileHelp}
                   (checks the course seal and that the variant belongs to the student id)
Problem kinds: data-block, data-edited, page, run-hash, scenario-hash, check, lab-checks, seal, salt, variant.
A report that passes was not edited after export; it does not prove the run was not fabricated
(proclab rerun REPORT.html runs its scenario and seed again to compare).
Exit codes: 0 ok; 1 problems found; 2 bad input.`,
  options: { json: { type: 'boolean' }, lab: { type: 'string' }, 'salt-file': { type: 'string' } },
  async run(parsed) {
    const file = parsed.positionals[0];
    if (file === undefined || parsed.positionals.length > 1) throw new UsageError(`usage: ${this.usage}`);
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    const html = readFileSync(file, 'utf8');
    const labOption = stringOption(parsed, 'lab');
    const catalog = fullCatalog();
    // The instructor's lab when named, else the one the report names if it is installed here.
    const reportedLabId = labOption === undefined ? reportLabId(html) : undefined;
    const lab = labOption !== undefined ? resolveLab(labOption, catalog) : reportedLabId === undefined ? undefined : catalog.get(reportedLabId);
    const result = verifyReport(html, { lab, courseSalt: courseSaltOption(parsed, lab) });
    if (parsed.values.json === true) {
      const run = result.block?.run;
      const report = run === undefined ? null : { runId: run.runId, labId: run.labId, studentId: run.student?.studentId ?? null };
      process.stdout.write(`${JSON.stringify({ ok: result.ok, problems: result.problems, notes: result.notes, report })}\n`);
    } else {
      process.stdout.write(`${describeVerification(file, result)}\n`);
    }
    return result.ok ? exitCodes.ok : exitCodes.runFailed;
  },
};
