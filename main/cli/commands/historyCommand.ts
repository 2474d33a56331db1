import { schema } from '../../scenario/schema.ts';
import { UsageError } from '../cliErrors.ts';
import type { Command } from '../commandLine.ts';
import { validateOptions } from '../optionParser.ts';
import { databaseHelp, databaseOption, openService } from '../serviceForCommand.ts';

const historyOptions = schema.object({
  description: 'proclab history',
  fields: {
    lab: schema.string({ description: 'Only the runs of this lab.', default: '' }),
    limit: schema.integer({ description: 'The most recent N runs.', minimum: 1, maximum: 10_000, default: 20 }),
  },
});

export const historyCommand: Command = {
  name: 'history',
  usage: 'proclab history [--lab LAB] [--limit N] [--json] [--db FILE]',
  summary: 'Lists the recorded runs, newest first: those of proclab run, of tool commands such as proclab migrate, and of the window.',
  help: () => `--lab LAB         only the runs of this lab
--limit N         the most recent N runs (default 20)
--json            print the runs as JSON (their metrics included)
${databaseHelp}
proclab export RUN_ID --out report.html writes a run's report.`,
  options: { lab: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, ...databaseOption },
  async run(parsed) {
    if (parsed.positionals.length > 0) throw new UsageError(`usage: ${this.usage}`);
    const { lab, limit } = validateOptions(this.name, historyOptions, parsed.values) as { lab: string; limit: number };
    const service = openService(parsed, 'cli');
    try {
      const runs = await service.listRuns(lab === '' ? { limit } : { labId: lab, limit });
      if (!runs.ok) throw new UsageError(runs.error.message);
      if (parsed.values.json === true) {
        process.stdout.write(`${JSON.stringify(runs.value)}\n`);
        return 0;
      }
      for (const run of runs.value) {
        const took = run.durationMs === null ? '' : `${(run.durationMs / 1000).toFixed(1)} s`;
        process.stdout.write(`${run.runId}  ${run.createdAt.replace('T', ' ').slice(0, 19)}  ${run.labId.padEnd(20)}  ${run.status.padEnd(11)}  ${took.padStart(8)}\n`);
      }
      if (runs.value.length === 0) process.stderr.write('no runs recorded yet\n');
      return 0;
    } finally {
      await service.close();
    }
  },
};
