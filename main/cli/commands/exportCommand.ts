import { UsageError } from '../cliErrors.ts';
import { languageOf, sharedFlags, type Command } from '../commandLine.ts';
import { checkReportFileName, reportOutFlag, writeReportFile } from '../reportFile.ts';
import { resolveRunId } from '../runIdPrefix.ts';
import { openService } from '../serviceForCommand.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Writes a recorded run as one self-contained HTML report (charts inline, SHA-256 of the run data), or as PDF.',
  arguments: [{ name: 'RUN_ID', help: 'The run, as proclab history lists it; the start of its id is enough when no other run starts the same way.' }],
  flags: [reportOutFlag, { ...sharedFlags.language, help: 'en (default) or pt-BR: the language of the report.' }, sharedFlags.database],
  async run(line) {
    const [givenRunId] = line.arguments as [string];
    const out = line.values.out as string;
    checkReportFileName(out);
    const service = openService(line, 'cli');
    try {
      const runId = await resolveRunId(service, givenRunId);
      const report = await service.exportReport(runId, languageOf(line));
      if (!report.ok) throw new UsageError(report.error.message);
      await writeReportFile(out, report.value.html);
      process.stdout.write(`${out}  sha256 ${report.value.sha256}\n`);
      return 0;
    } finally {
      await service.close();
    }
  },
};
