import { runHeadline } from '../../../common/tables/runHeadline.ts';
import type { HeadlineSpec, TableSpec } from '../../../preload/api.ts';
import { schema } from '../../scenario/schema.ts';
import { UsageError } from '../cliErrors.ts';
import { languageOf, sharedFlags, type Command } from '../commandLine.ts';
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
    { ...sharedFlags.language, help: 'en (default) or pt-BR: the language of the headlines.' },
    sharedFlags.database,
  ],
  notes: "Each line: the run id's first 8 characters (enough for proclab export), local time, lab, status, checks passed, duration and the lab's headline.\nproclab export RUN_ID --out report.html writes a run's report.",
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
      // The same headline as the window's History: the one each lab's engine declares.
      const labs = new Map<string, { tables: TableSpec[]; headline: HeadlineSpec | null }>();
      for (const labId of new Set(runs.value.map((run) => run.labId))) {
        const detail = await service.getLab(labId);
        if (detail.ok) labs.set(labId, { tables: detail.value.tables, headline: detail.value.headline });
      }
      const language = languageOf(line);
      for (const run of runs.value) {
        const took = run.durationMs === null ? '' : `${(run.durationMs / 1000).toFixed(1)} s`;
        const checks = run.checksTotal === 0 ? '' : `${run.checksPassed}/${run.checksTotal}`;
        const lab = labs.get(run.labId);
        const headline = runHeadline(run, lab?.tables ?? [], language, lab?.headline ?? null);
        process.stdout.write(
          `${run.runId.slice(0, 8)}  ${localTime(run.createdAt)}  ${run.labId.padEnd(20)}  ${run.status.padEnd(11)}  ${checks.padStart(5)}  ${took.padStart(8)}  ${headline}\n`.replace(/\s+\n$/, '\n'),
        );
      }
      if (runs.value.length === 0) process.stderr.write('no runs recorded yet\n');
      return 0;
    } finally {
      await service.close();
    }
  },
};

/** `proclab runs` is another name for `proclab history`. */
export const runsCommand: Command = { ...historyCommand, name: 'runs', summary: 'The same as proclab history: lists the recorded runs, newest first.' };

/** A recorded time as the machine's clock shows it (`2026-12-07 09:44:36`), not in UTC. */
function localTime(isoText: string): string {
  const date = new Date(isoText);
  if (Number.isNaN(date.getTime())) return isoText;
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
