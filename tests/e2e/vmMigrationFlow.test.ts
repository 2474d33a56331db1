/// <reference lib="dom" />
// The VM migration lab in the real window (browser mode from the built bundle, Debian's Chromium):
// run two strategies on a small key-value guest, watch the live page map and the client response
// time fill, and read the results: every strategy completed with integrity "ok", the downtime bars.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

const smallMigration = [
  'engine: vm-migration',
  'guest:',
  '  memory: 16MiB',
  '  workload: kv-server',
  '  keys: 2000',
  'link:',
  '  bandwidth: 1Gbit',
  'strategies:',
  '  - name: pre-copy',
  '    strategy: pre-copy',
  '  - name: post-copy',
  '    strategy: post-copy',
  // A capped push leaves pages for the guest to fault on: the fault latency distribution has points.
  '    pushBandwidth: 20MB/s',
  'clients:',
  '  connections: 2',
  '  rate: 400',
  'timing:',
  '  warmup: 400ms',
  '  after: 400ms',
  '',
].join('\n');

beforeAll(async () => {
  ({ directory, server, browser, page } = await startStudentWindow('proclab-e2e-vm-'));
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

describe('a student in the VM migration lab', () => {
  it('migrates a running key-value server two ways and sees the page map, the response time and the results', async () => {
    await page.goto(server.url);
    await page.getByTestId('lab-card-vm-migration').click();
    const editor = page.locator('[data-testid=scenario-editor] .view-lines');
    await expect.poll(() => editor.count(), { timeout: 30_000 }).toBe(1);
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), smallMigration);
    await page.keyboard.press('Control+V');
    await expect.poll(() => editor.textContent(), { timeout: 5_000 }).toContain('16MiB');
    await expect.poll(async () => (await page.getByTestId('diagnostics-list').textContent()) ?? '', { timeout: 10_000 }).not.toMatch(/error/i);

    await page.getByTestId('run-button').click();
    // The page map gets rows as samples stream in (polled from the start of the run, not after it).
    const pageMap = page.getByTestId('chart-page-map');
    await expect.poll(() => pageMap.locator('rect.cell').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await page.getByTestId('run-status').textContent()) ?? '', { timeout: 120_000 }).toMatch(/succeeded/i);
    expect(await page.getByTestId('chart-response-time').locator('circle.point').count()).toBeGreaterThan(3);
    // One heat map per strategy; by the end of each, the destination holds every page (its last row
    // is 64 cells of 100%).
    expect(await pageMap.locator('g.heatmap-series').count()).toBe(2);
    for (let strategy = 0; strategy < 2; strategy += 1) {
      const lastRow = await pageMap.locator('g.heatmap-series').nth(strategy).locator('rect.cell').evaluateAll((cells) => cells.slice(-64).map((cell) => Number(cell.getAttribute('data-value'))));
      expect(lastRow).toEqual(Array.from({ length: 64 }, () => 100));
    }
    // Post-copy's faults drawn as a distribution (latency by percentile), not only as a median.
    expect(await page.getByTestId('chart-fault-latency-distribution').locator('circle.point').count()).toBeGreaterThanOrEqual(3);
    // One downtime bar per strategy, and the results say both completed with integrity "ok".
    expect(await page.getByTestId('chart-downtime').locator('rect.bar').count()).toBe(2);
    const results = page.getByTestId('metrics-table-outcome');
    expect(await results.locator('tbody tr').count()).toBe(2);
    for (const [index, name] of ['pre-copy', 'post-copy'].entries()) {
      const row = results.locator('tbody tr').nth(index);
      expect(await row.locator('[data-column="name"]').textContent()).toBe(name);
      expect(await row.locator('[data-column="outcome"]').textContent()).toBe('completed');
      expect(await row.locator('[data-column="integrity"]').textContent()).toBe('ok');
    }
    expect(await page.getByTestId('metrics-table-times').locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['Guest downtime (ms)', 'Total time (ms)']));
  });
});
