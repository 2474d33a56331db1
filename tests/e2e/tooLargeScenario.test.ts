/// <reference lib="dom" />
// A student pastes a scenario far over the core's limit. The window refuses it in the editor
// with a reason, never sends it, keeps the text, and says the same after a reload and after
// browser mode is started again; browser mode itself carries on.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltBrowserMode, type RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let databasePath: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ directory, databasePath, server, browser, page } = await startStudentWindow('proclab-e2e-large-'));
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

const problems = async (): Promise<string> => (await page.getByTestId('diagnostics-list').textContent()) ?? '';
const editorLines = () => page.locator('[data-testid=scenario-editor] .view-lines');

describe('a scenario too large for proclab', () => {
  it('is refused in the editor with the reason, and never sent', async () => {
    await page.goto(server.url);
    await page.getByTestId('lab-card-server-architectures').click();
    await expect.poll(() => editorLines().count(), { timeout: 30_000 }).toBe(1);

    // 1.2 MiB: the default scenario followed by comment lines, pasted over everything.
    const padding = '# notes kept while exploring the lab, pasted by mistake\n'.repeat(22_000);
    await page.evaluate(async (text) => navigator.clipboard.writeText(`engine: architectures\n${text}`), padding);
    await editorLines().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await expect.poll(problems, { timeout: 20_000 }).toMatch(/^1:1\s*This scenario is 1,2\d\d KiB; proclab accepts scenarios of at most 256 KiB\./);
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
    await page.getByTestId('language-select').selectOption('pt-BR');
    await expect.poll(problems, { timeout: 5_000 }).toMatch(/Este cenário tem 1\.2\d\d KiB; o proclab aceita cenários de no máximo 256 KiB/);
    await page.getByTestId('language-select').selectOption('en');
    expect(server.output()).not.toMatch(/closed a browser connection/);
  });

  it('says the same after a reload, from the text kept in the browser', async () => {
    await page.reload();
    await expect.poll(problems, { timeout: 30_000 }).toMatch(/This scenario is 1,2\d\d KiB/);
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
  });

  it('says the same after browser mode is started again, which keeps serving', async () => {
    const port = Number(new URL(server.url).port);
    const labUrl = page.url();
    // The page leaves first, so it does not load parts of the editor from a server that is away.
    await page.goto('about:blank');
    expect(await server.stop()).toBe(0);
    server = await startBuiltBrowserMode(databasePath, port);
    await page.goto(labUrl);
    await expect.poll(problems, { timeout: 30_000 }).toMatch(/This scenario is 1,2\d\d KiB/);
    expect(server.output()).not.toMatch(/closed a browser connection|^\s+at /m);

    // Back to the default: the problem goes and the lab can run again.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('reset-button').click();
    await expect.poll(problems, { timeout: 15_000 }).not.toMatch(/KiB/);
    expect(await page.getByTestId('run-button').isDisabled()).toBe(false);
  });
});
