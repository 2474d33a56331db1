import { writeFileSync } from 'node:fs';
import { PdfUnavailableError, printReportToPdf } from '../../report/pdfExport.ts';
import { UsageError } from '../cliErrors.ts';
import { textValue, type Command } from '../commandLine.ts';
import { databaseHelp, databaseOption, openService } from '../serviceForCommand.ts';

export const exportCommand: Command = {
  name: 'export',
  usage: 'proclab export RUN_ID --out FILE.html|FILE.pdf [--language en|pt-BR] [--db FILE]',
  summary: 'Writes a recorded run as one self-contained HTML report (charts inline, SHA-256 of the run data), or as PDF.',
  help: () => `--out FILE        where to write the report; a name ending in .pdf prints it to PDF with headless Chromium
--language L      en (default) or pt-BR
${databaseHelp}`,
  options: { out: { type: 'string' }, language: { type: 'string' }, ...databaseOption },
  async run(parsed) {
    const runId = parsed.positionals[0];
    const out = textValue(parsed, 'out');
    if (runId === undefined || parsed.positionals.length > 1 || out === undefined) throw new UsageError(`usage: ${this.usage}`);
    const service = openService(parsed, 'cli');
    try {
      const report = await service.exportReport(runId, textValue(parsed, 'language') ?? 'en');
      if (!report.ok) throw new UsageError(report.error.message);
      if (out.toLowerCase().endsWith('.pdf')) {
        try {
          writeFileSync(out, await printReportToPdf(report.value.html));
        } catch (error) {
          if (error instanceof PdfUnavailableError) throw new UsageError(error.message);
          throw error;
        }
      } else {
        writeFileSync(out, report.value.html);
      }
      process.stdout.write(`${out}  sha256 ${report.value.sha256}\n`);
      return 0;
    } finally {
      await service.close();
    }
  },
};
