import { UsageError } from '../cliErrors.ts';
import { languageOf, sharedFlags, type Command } from '../commandLine.ts';
import { nameFlag } from '../instructorLab.ts';
import { checkReportFileName, reportOutFlag, writeReportFile } from '../reportFile.ts';
import { resolveRunId } from '../runIdPrefix.ts';
import { openService } from '../serviceForCommand.ts';

export const handinCommand: Command = {
  name: 'handin',
  summary:
    'Writes the runs a lab’s questions ask for as one hand-in report (HTML or PDF): the lab’s title, the student, a table of contents, a section per run (what its scenario changed, checks, tables, charts), the answers, and the raw data proclab verify and grade read.',
  arguments: [
    {
      name: 'RUN_ID',
      repeatable: true,
      help: 'The runs, in the order the report shows them (up to 24), as proclab runs lists them; the start of an id is enough when no other run starts the same way.',
    },
  ],
  flags: [
    nameFlag('lab', 'ID', { en: 'The lab the runs are of: an id from proclab list.', 'pt-BR': 'O laboratório das execuções: um id de proclab list.' }, { required: true }),
    reportOutFlag,
    { ...sharedFlags.language, help: 'en (default) or pt-BR: the language of the report.' },
    sharedFlags.database,
  ],
  notes: 'Every run must be a finished run of the lab, made by the same student. Exit codes: 0 written; 2 bad input (an unknown run, a run of another lab, a file name that is neither .html nor .pdf).',
  async run(line) {
    const givenRunIds = line.arguments;
    const labId = line.values.lab as string;
    const out = line.values.out as string;
    checkReportFileName(out);
    const service = openService(line, 'cli');
    try {
      if (service.catalog.get(labId) === undefined) throw new UsageError(`there is no lab "${labId}" (see proclab list)`);
      const runIds: string[] = [];
      for (const given of givenRunIds) runIds.push(await resolveRunId(service, given));
      const report = await service.exportHandinReport(labId, runIds, languageOf(line));
      if (!report.ok) throw new UsageError(report.error.message);
      await writeReportFile(out, report.value.html);
      process.stdout.write(`${out}  ${report.value.runIds.length} runs  sha256 ${report.value.sha256}\n`);
      return 0;
    } finally {
      await service.close();
    }
  },
};
