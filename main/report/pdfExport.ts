import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const printTimeoutMs = 60_000;

export class PdfUnavailableError extends Error {
  override readonly name = 'PdfUnavailableError';
}

export function findChromium(): string | undefined {
  const configured = process.env.PROCLAB_CHROMIUM;
  if (configured !== undefined && configured !== '') return existsSync(configured) ? configured : undefined;
  return chromiumCandidates.find((candidate) => existsSync(candidate));
}

/**
 * Prints the report to PDF with a headless Chromium (the desktop app uses Electron's own
 * printToPDF). The report is self-contained, so printing it needs no network.
 */
export async function printReportToPdf(html: string): Promise<Buffer> {
  const chromium = findChromium();
  if (chromium === undefined) throw new PdfUnavailableError('PDF export needs Chromium (apt-get install chromium, or set PROCLAB_CHROMIUM); the HTML report prints to PDF from any browser too');
  const folder = mkdtempSync(join(tmpdir(), 'proclab-pdf-'));
  try {
    const input = join(folder, 'report.html');
    const output = join(folder, 'report.pdf');
    writeFileSync(input, html);
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(folder, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${output}`,
      pathToFileURL(input).href,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new PdfUnavailableError(`Chromium did not print the report within ${printTimeoutMs / 1000} s`));
      }, printTimeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new PdfUnavailableError(`Chromium could not start: ${error.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0 && existsSync(output)) resolve();
        else reject(new PdfUnavailableError(`Chromium could not print the report (exit ${code}): ${stderr.trim().split('\n').at(-1) ?? ''}`));
      });
    });
    return readFileSync(output);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
