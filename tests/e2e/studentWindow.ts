// One student's window for an end-to-end test: browser mode from the built bundle on its own
// database in a fresh folder, and Debian's Chromium on a page of it (clipboard and downloads on).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBuiltBrowserMode, type RunningBrowserMode } from './builtBrowserMode.ts';
import { chromiumPath, chromiumArguments } from './chromiumLaunch.ts';

export interface StudentWindow {
  directory: string;
  databasePath: string;
  server: RunningBrowserMode;
  browser: Browser;
  page: Page;
}

export async function startStudentWindow(folderPrefix: string): Promise<StudentWindow> {
  const directory = mkdtempSync(join(tmpdir(), folderPrefix));
  const databasePath = join(directory, 'runs.sqlite');
  const server = await startBuiltBrowserMode(databasePath);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArguments });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  return { directory, databasePath, server, browser, page };
}

/** Closes the browser, stops browser mode (its exit code is returned) and removes the folder. */
export async function endStudentWindow(parts: { browser?: Browser | undefined; server?: RunningBrowserMode | undefined; directory?: string | undefined }): Promise<number | null | undefined> {
  await parts.browser?.close();
  const exitCode = await parts.server?.stop();
  if (parts.directory !== undefined) rmSync(parts.directory, { recursive: true, force: true });
  return exitCode;
}
