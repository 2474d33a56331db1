import { existsSync, readFileSync } from 'node:fs';
import { compareWithRerun, startRerun, type ValueComparison } from '../../service/reportVerification.ts';
import { exitCodes, UsageError } from '../cliErrors.ts';
import { schema } from '../../scenario/schema.ts';
import { sharedFlags, type Command } from '../commandLine.ts';
import { openService } from '../serviceForCommand.ts';

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
  summary: 'Runs a report’s scenario again with its seed on this machine (recorded like any run) and sets the report’s numbers beside the new ones.',
  arguments: [{ name: 'REPORT.html', help: 'The report, as proclab export or the window wrote it.' }],
  flags: [
    {
      name: 'tolerance',
      valueName: 'F',
      node: schema.number({
        description: { en: 'Mark values whose ratio is above F or below 1/F as "far".', 'pt-BR': 'Marca como "far" os valores cuja razão passa de F ou fica abaixo de 1/F.' },
        minimum: 1.000001,
        default: 2,
      }),
    },
    { ...sharedFlags.json, help: 'Print {runId, status, metrics, samples, checks, unmatched}; each value {what, reported, rerun, ratio, far}.' },
    sharedFlags.database,
  ],
  notes: `Samples are compared by their median per series and value. Measured times differ between machines: a "far" value is a reason to look closer, not proof that a report was fabricated.

Exit codes: 0 the rerun succeeded; 1 it failed or was cancelled; 2 bad input.`,
  async run(line) {
    const [file] = line.arguments as [string];
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    const tolerance = line.values.tolerance as number;
    const html = readFileSync(file, 'utf8');
    const asJson = line.values.json === true;
    const service = openService(line, 'cli');
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
