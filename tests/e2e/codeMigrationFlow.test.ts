/// <reference lib="dom" />
// The code-migration lab in the real window (browser mode from the built bundle, Debian's Chromium):
// run the paradigm sweep, the binding table and the heterogeneous experiment between real host
// processes, and read the results: the bytes chart on logarithmic axes with its crossover line, the
// four paradigms, the binding table filled in, native code refused on another platform.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

const shortRun = [
  'engine: code-migration',
  'experiments: [paradigms, bindings, heterogeneous]',
  'paradigms:',
  '  records: [30, 3000]',
  '  links: [{ bandwidth: 10Mbit, latency: 2ms }]',
  '  repeats: 1',
  'bindings:',
  '  accessesAfter: 2',
  '',
].join('\n');

beforeAll(async () => {
  ({ directory, server, browser, page } = await startStudentWindow('proclab-e2e-code-'));
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

describe('a student in the code-migration lab', () => {
  it('runs the paradigms, the binding table and heterogeneous hosts and sees the charts and tables', async () => {
    await page.goto(server.url);
    await page.getByTestId('lab-card-code-migration').click();
    const editor = page.locator('[data-testid=scenario-editor] .view-lines');
    await expect.poll(() => editor.count(), { timeout: 30_000 }).toBe(1);
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), shortRun);
    await page.keyboard.press('Control+V');
    await expect.poll(() => editor.textContent(), { timeout: 5_000 }).toContain('heterogeneous');
    await expect.poll(async () => (await page.getByTestId('diagnostics-list').textContent()) ?? '', { timeout: 10_000 }).not.toMatch(/error/i);

    await page.getByTestId('run-button').click();
    await expect.poll(async () => (await page.getByTestId('run-status').textContent()) ?? '', { timeout: 150_000 }).toMatch(/succeeded/i);

    // Bytes by data size: four paradigms, two sizes each, log axes, and the crossover drawn.
    const bytesChart = page.getByTestId('chart-paradigm-bytes');
    expect(await bytesChart.locator('g.series').count()).toBe(4);
    expect(await bytesChart.locator('circle.point').count()).toBe(8);
    expect(await bytesChart.locator('g.x-axis[data-scale="log"]').count()).toBe(1);
    expect(await bytesChart.locator('g.marker').count()).toBeGreaterThanOrEqual(1);

    const paradigms = page.getByTestId('metrics-table-paradigms');
    expect(await paradigms.locator('tbody tr').count()).toBe(4);
    const binding = page.getByTestId('metrics-table-binding-table');
    expect(await binding.locator('tbody tr').count()).toBe(3);
    expect(await binding.textContent()).toContain('GR');
    expect(await page.getByTestId('metrics-table-heterogeneous').textContent()).toMatch(/refused/);
  });
});
