import { schema } from '../../scenario/schema.ts';
import { UsageError } from '../cliErrors.ts';
import { sharedFlags, type Command } from '../commandLine.ts';
import { openService } from '../serviceForCommand.ts';

export const historyCommand: Command = {
  name: 'history',
  summary: 'Lists the recorded runs, newest first: those of proclab run, of tool commands such as proclab migrate, and of the window.',
  flags: [
    {
      name: 'lab',
      valueName: 'LAB',
      node: schema.string({ description: { en: 'Only the runs of this lab.', 'pt-BR': 'Só as execuções deste laboratório.' }, default: '' }),
    },
    {
      name: 'limit',
      node: schema.integer({ description: { en: 'The most recent N runs.', 'pt-BR': 'As N execuções mais recentes.' }, minimum: 1, maximum: 10_000, default: 20 }),
    },
    { ...sharedFlags.json, help: 'Print the runs as JSON (their metrics included).' },
    sharedFlags.database,
  ],
  notes: "proclab export RUN_ID --out report.html writes a run's report.",
  async run(line) {
    const { lab, limit } = line.values as { lab: string; limit: number };
    const service = openService(line, 'cli');
    try {
      const runs = await service.listRuns(lab === '' ? { limit } : { labId: lab, limit });
      if (!runs.ok) throw new UsageError(runs.error.message);
      if (line.values.json === true) {
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
