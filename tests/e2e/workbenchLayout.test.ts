/// <reference lib="dom" />
// The lab page as a workbench, in Debian's Chromium against browser mode: at a laptop's 1366×768
// and at 1920×1080 the instructions, the editor and the results stand side by side, Run shows its
// status, progress, charts and checks without scrolling, the panes resize from the keyboard, the
// dark theme reaches the editor and the charts, and nothing overflows sideways. Screenshots of
// every lab page before and after a run land in out/screenshots/ to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

const screenshotFolder = join(import.meta.dirname, '..', '..', 'out', 'screenshots');
const labIds = ['threads-processes', 'server-architectures', 'directory', 'superserver', 'out-of-band', 'vm-migration'];

const shortArchitectures = [
  'engine: architectures',
  'servers:',
  '  - name: iterative',
  '    architecture: iterative',
  '  - name: event-driven',
  '    architecture: event-driven',
  'workload:',
  '  kind: io',
  '  serviceTime: 10ms',
  'load:',
  '  connections: 4',
  '  duration: 800ms',
  '  warmup: 200ms',
  '',
].join('\n');

beforeAll(async () => {
  ({ directory, server, browser, page } = await startStudentWindow('proclab-e2e-workbench-'));
  mkdirSync(screenshotFolder, { recursive: true });
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(testId: string): Promise<Box> {
  const found = await page.getByTestId(testId).boundingBox();
  if (found === null) throw new Error(`${testId} is not on screen`);
  return found;
}

/** Every scroll container that scrolls sideways: the page itself and each pane. */
async function horizontalOverflow(): Promise<string[]> {
  return page.evaluate(() => {
    const candidates = [document.documentElement, ...Array.from(document.querySelectorAll<HTMLElement>('.app-content, .pane'))];
    return candidates
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map((element) => `${element.className || element.tagName}: ${element.scrollWidth} > ${element.clientWidth}`);
  });
}

async function openLab(labId: string): Promise<void> {
  await page.goto(`${server.url}#/labs/${labId}`);
  await page.locator('[data-testid=scenario-editor] .view-lines').waitFor({ timeout: 30_000 });
}

async function pasteScenario(text: string): Promise<void> {
  const editor = page.locator('[data-testid=scenario-editor] .view-lines');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.evaluate((scenario) => navigator.clipboard.writeText(scenario), text);
  await page.keyboard.press('Control+V');
  await expect.poll(() => editor.textContent(), { timeout: 5_000 }).toContain(text.split('\n')[1]!.trim().slice(0, 8));
}

describe('the lab page as a workbench', () => {
  it('puts instructions, editor and results side by side at 1366×768, and Run is seen without scrolling', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await openLab('server-architectures');
    const instructions = await box('instructions-pane');
    const editor = await box('editor-pane');
    const results = await box('results-pane');
    expect(instructions.x + instructions.width).toBeLessThanOrEqual(editor.x + 1);
    expect(editor.x + editor.width).toBeLessThanOrEqual(results.x + 1);
    // The panes fill the window below the top bar, and the editor grows with it.
    expect(results.y + results.height).toBeGreaterThan(760);
    expect((await box('scenario-editor')).height).toBeGreaterThan(400);
    expect(await horizontalOverflow()).toEqual([]);

    await pasteScenario(shortArchitectures);
    await expect.poll(async () => (await page.getByTestId('diagnostics-list').textContent()) ?? '', { timeout: 10_000 }).not.toMatch(/error/i);
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await page.getByTestId('run-status').getAttribute('data-status')) ?? '', { timeout: 15_000 }).toMatch(/running|succeeded/);
    for (const testId of ['run-status', 'progress-bar']) {
      const shown = await box(testId);
      expect(shown.y + shown.height, testId).toBeLessThan(768);
      expect(shown.x, testId).toBeGreaterThan(editor.x + editor.width - 1);
    }
    await expect.poll(async () => (await page.getByTestId('run-status').getAttribute('data-status')) ?? '', { timeout: 60_000 }).toBe('succeeded');
    // The checks' verdicts and a chart with data are in view too, beside the editor.
    const checks = await box('checks-list');
    expect(checks.y).toBeLessThan(768);
    const chart = page.locator('[data-testid^=chart-]').first();
    expect((await chart.boundingBox())!.y).toBeLessThan(768);
    expect(await page.locator('.chart-empty').count()).toBe(0);
    expect(await horizontalOverflow()).toEqual([]);
    await page.screenshot({ path: join(screenshotFolder, 'server-architectures-after-1366-light.png') });
  });

  it('resizes the panes from the keyboard and remembers their widths', async () => {
    const before = (await box('editor-pane')).width;
    await page.getByTestId('pane-splitter').nth(1).focus();
    for (let step = 0; step < 5; step += 1) await page.keyboard.press('ArrowRight');
    const wider = (await box('editor-pane')).width;
    expect(wider).toBeGreaterThan(before + 50);
    await page.reload();
    await page.locator('[data-testid=scenario-editor] .view-lines').waitFor({ timeout: 30_000 });
    expect(Math.abs((await box('editor-pane')).width - wider)).toBeLessThan(4);
    await page.getByTestId('pane-splitter').nth(1).dblclick();
    expect(Math.abs((await box('editor-pane')).width - before)).toBeLessThan(4);
  });

  it('switches to the dark theme: the page, the editor and the charts follow', async () => {
    await page.getByTestId('theme-select').selectOption('dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => page.locator('.monaco-editor.vs-dark').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    const chartBackground = await page.locator('.proclab-chart .chart-background').first().evaluate((element) => getComputedStyle(element).fill);
    expect(chartBackground).not.toBe('rgb(255, 255, 255)');
    const pageBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor || getComputedStyle(document.documentElement).backgroundColor);
    expect(pageBackground).not.toBe('rgb(255, 255, 255)');
    await page.getByTestId('theme-select').selectOption('light');
    await expect.poll(() => page.locator('.monaco-editor.vs-dark').count(), { timeout: 5_000 }).toBe(0);
    // Left to the system, it follows the system's setting.
    await page.getByTestId('theme-select').selectOption('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });

  it('lays out every lab page without sideways overflow at 1366×768 and 1920×1080, in both themes', async () => {
    for (const viewport of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        for (const labId of labIds) {
          await openLab(labId);
          expect(await horizontalOverflow(), `${labId} ${viewport.width} ${colorScheme}`).toEqual([]);
          const results = await box('results-pane');
          expect(results.y + results.height, labId).toBeGreaterThan(viewport.height - 10);
          await page.screenshot({ path: join(screenshotFolder, `${labId}-before-${viewport.width}-${colorScheme}.png`) });
        }
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('the editor completes what the schema allows where the cursor is', () => {
  it('lists a mapping’s keys on Ctrl+Space under it', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await openLab('superserver');
    const editor = page.locator('[data-testid=scenario-editor] .view-lines');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), 'engine: superserver\nburst:\n  clients: 4\n  \n');
    await page.keyboard.press('Control+V');
    await expect.poll(() => editor.textContent(), { timeout: 5_000 }).toContain('clients');
    // The cursor on the empty line under burst's first key, at its indentation.
    await page.keyboard.press('Control+Home');
    for (let line = 0; line < 3; line += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.suggest-widget .monaco-list-row');
    await expect.poll(() => suggestions.allTextContents(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringContaining('spacing'), expect.stringContaining('hold')]));
    const texts = await suggestions.allTextContents();
    // Keys of burst, not words of the document nor keys of the top level.
    expect(texts.some((text) => /^limits/.test(text))).toBe(false);
    await page.keyboard.press('Escape');
  });
});

describe('the lab’s examples', () => {
  it('opens an example scenario the instructions refer to from the Examples menu', async () => {
    await openLab('server-architectures');
    const names = await page.getByTestId('examples-select').locator('option').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['examples/sweep-rate.yaml', 'examples/coordinated-omission.yaml']));
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('examples-select').selectOption('examples/sweep-rate.yaml');
    await expect.poll(() => page.locator('[data-testid=scenario-editor] .view-lines').textContent(), { timeout: 5_000 }).toMatch(/sweep/);
    await expect.poll(async () => (await page.getByTestId('diagnostics-list').textContent()) ?? '', { timeout: 10_000 }).not.toMatch(/error/i);
  });
});
