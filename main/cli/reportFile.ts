import { writeFileSync } from 'node:fs';
import { PdfUnavailableError, printReportToPdf } from '../service/reportPdf.ts';
import { schema } from '../scenario/schema.ts';
import { UsageError } from './cliErrors.ts';
import type { CommandFlag } from './optionParser.ts';

/** `--out FILE.html|FILE.pdf`, as every command that writes a report takes it. */
export const reportOutFlag: CommandFlag = {
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
};

/** A name proclab cannot write (report.docx) is refused before anything is run or written. */
export function checkReportFileName(out: string): void {
  if (!/\.(html?|pdf)$/i.test(out)) throw new UsageError(`--out ${out}: a report is written as HTML (.html) or PDF (.pdf); give a file name ending in one of them`);
}

/** Writes the report's HTML as it is, or printed to PDF when the name ends in .pdf. */
export async function writeReportFile(out: string, html: string): Promise<void> {
  if (!out.toLowerCase().endsWith('.pdf')) {
    writeFileSync(out, html);
    return;
  }
  try {
    writeFileSync(out, await printReportToPdf(html));
  } catch (error) {
    if (error instanceof PdfUnavailableError) throw new UsageError(error.message);
    throw error;
  }
}
