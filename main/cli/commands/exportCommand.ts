import { writeFileSync } from 'node:fs';
import { PdfUnavailableError, printReportToPdf } from '../../report/pdfExport.ts';
import { schema } from '../../scenario/schema.ts';
import { UsageError } from '../cliErrors.ts';
import { languageOf, sharedFlags, type Command } from '../commandLine.ts';
import { openService } from '../serviceForCommand.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Writes a recorded run as one self-contained HTML report (charts inline, SHA-256 of the run data), or as PDF.',
  arguments: [{ name: 'RUN_ID', help: 'The run, as proclab history lists it.' }],
  flags: [
    {
      name: 'out',
      valueName: 'FILE.html|FILE.pdf',
      required: true,
      node: schema.string({
        description: {
          en: 'Where to write the report; a name ending in .pdf prints it to PDF with headless Chromium.',
          'pt-BR': 'Onde escrever o relatório; um nome terminado em .pdf o imprime em PDF com o Chromium sem janela.',
        },
        pattern: '\\S',
        patternHint: 'a file name',
      }),
    },
    { ...sharedFlags.language, help: 'en (default) or pt-BR: the language of the report.' },
    sharedFlags.database,
  ],
  async run(line) {
    const [runId] = line.arguments as [string];
    const out = line.values.out as string;
    const service = openService(line, 'cli');
    try {
      const report = await service.exportReport(runId, languageOf(line));
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
