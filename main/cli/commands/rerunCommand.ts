import { existsSync, readFileSync } from 'node:fs';
import { compareWithRerun, startRerun, type ValueComparison } from '../../service/reportVerification.ts';
import { exitCodes, UsageError } from '../cliErrors.ts';
import { stringOption, type Command } from '../commandLine.ts';
import { databaseHelp, databaseOption, openService } from '../serviceForCommand.ts';

function formatValue(value: number): string {
  return Math.abs(value) >= 1000 || Number.isInteger(value) ? String(Math.round(value)) : value.toPrecision(4);
}

function table(title: string, rows: readonly ValueComparison[]): string {
  if (rows.length === 0) return '';
  const width = Math.max(title.length, ...rows.map((row) => row.what.length));
  const lines = rows.map(
    (row) =>
      `${row.what.padEnd(width)}  ${formatValue(row.reported).padStart(12)}  ${formatValue(row.rerun).padStart(12)}  ${(row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`).padStart(8)}${row.far ? '  far' : ''}`,
  );
  return [`${title.padEnd(width)}  ${'reported'.padStart(12)}  ${'rerun'.padStart(12)}  ${'ratio'.padStart(8)}`, ...lines].join('\n');
}

export const rerunCommand: Command = {
  name: 'rerun',
  usage: 'proclab rerun REPORT.html [--tolerance F] [--json] [--db FILE]',
  summary: 'Runs a report’s scenario again with its seed on this machine (recorded like any run) and sets the report’s numbers beside the new ones.',
  help: `--tolerance F      mark values whose ratio is above F or below 1/F as "far" (default 2)
--json             print {runId, status, metrics, samples, checks, unmatched}; each value {what, reported, rerun, ratio, far}
${databaseHelp}
Samples are compared by their median per series and value. Measured times differ between machines:
a "far" value is a reason to look closer, not proof that a report was fabricated.
Exit codes: 0 the rerun succeeded; 1 it failed or was cancelled; 2 bad input.`,
  options: { tolerance: { type: 'string' }, json: { type: 'boolean' }, ...databaseOption },
  async run(parsed) {
    const file = parsed.positionals[0];
    if (file === undefined || parsed.positionals.length > 1) throw new UsageError(`usage: ${this.usage}`);
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    const toleranceText = stringOption(parsed, 'tolerance') ?? '2';
    const tolerance = Number(toleranceText);
    if (!Number.isFinite(tolerance) || tolerance <= 1) throw new UsageError(`--tolerance must be a number above 1, not "${toleranceText}"`);
    const html = readFileSync(file, 'utf8');
    const asJson = parsed.values.json === true;
    const service = openService(parsed, 'cli');
    try {
      const started = startRerun(service, html, file);
      const { runId, reported } = started;
      if (!asJson) process.stderr.write(`rerun ${runId} of ${reported.runId} (${started.lab.definition.id}, seed ${reported.seed})\n`);
      const cancel = (): void => void service.runs.cancel(runId);
      process.once('SIGINT', cancel);
      process.once('SIGTERM', cancel);
      await service.whenFinished(runId);
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
      const { run: rerun, comparison } = compareWithRerun(service, started, tolerance);
      if (asJson) {
        process.stdout.write(`${JSON.stringify({ runId, status: rerun.status, ...comparison })}\n`);
      } else {
        const parts = [table('metric', comparison.metrics), table('sample median', comparison.samples)].filter((part) => part !== '');
        if (comparison.checks.length > 0) parts.push(comparison.checks.map((check) => `check ${check.checkId}: reported ${check.reported === null ? '—' : check.reported ? 'pass' : 'FAIL'}, rerun ${check.rerun === null ? '—' : check.rerun ? 'pass' : 'FAIL'}`).join('\n'));
        const far = [...comparison.metrics, ...comparison.samples].filter((row) => row.far).length;
        parts.push(`${rerun.status}; ${far} value(s) differ by more than ${tolerance}× either way`);
        process.stdout.write(`${parts.join('\n\n')}\n`);
      }
      return rerun.status === 'succeeded' ? exitCodes.ok : exitCodes.runFailed;
    } finally {
      await service.close();
    }
  },
};
