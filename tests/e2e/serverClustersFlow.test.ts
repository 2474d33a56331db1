/// <reference lib="dom" />
// The server clusters lab in the real window (browser mode from the built bundle, Debian's
// Chromium): run a short scenario of relay against handoff, two policies and a failover, and read
// the results: both modes at both sizes on the bytes chart, the bytes table, who talked to whom,
// the policies' bars.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

const smallCluster = [
  'engine: server-clusters',
  'servers: 2',
  'modes:',
  '  responseSizes: [1KiB, 256KiB]',
  '  rounds: 1',
  '  duration: 300ms',
  '  warmup: 100ms',
  'policies:',
  '  compare: [round-robin, content-aware]',
  '  requests: 100',
  '  serviceTime: 0ms',
  'failover:',
  '  duration: 900ms',
  '  rate: 100',
  'dns:',
  '  duration: 900ms',
  'scaling:',
  '  duration: 300ms',
  '',
].join('\n');

beforeAll(async () => {
  ({ directory, server, browser, page } = await startStudentWindow('proclab-e2e-cluster-'));
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

describe('a student in the server clusters lab', () => {
  it('runs relay against handoff and sees the bytes through the dispatcher, the modes table and the policies', async () => {
    await page.goto(server.url);
    await page.getByTestId('lab-card-server-clusters').click();
    const editor = page.locator('[data-testid=scenario-editor] .view-lines');
    await expect.poll(() => editor.count(), { timeout: 30_000 }).toBe(1);
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), smallCluster);
    await page.keyboard.press('Control+V');
    await expect.poll(() => editor.textContent(), { timeout: 5_000 }).toContain('256KiB');
    await expect.poll(async () => (await page.getByTestId('diagnostics-list').textContent()) ?? '', { timeout: 10_000 }).not.toMatch(/error/i);

    await page.getByTestId('run-button').click();
    await expect.poll(async () => (await page.getByTestId('run-status').textContent()) ?? '', { timeout: 120_000 }).toMatch(/succeeded/i);

    // One line per mode, a point per response size.
    const bytesChart = page.getByTestId('chart-dispatcher-bytes');
    expect(await bytesChart.locator('g.series').evaluateAll((series) => series.map((entry) => `${entry.getAttribute('data-series')} ${entry.getAttribute('data-points')}`))).toEqual(['relay 2', 'handoff 2']);
    const modes = page.getByTestId('metrics-table-modes');
    expect(await modes.locator('tbody tr').count()).toBe(4);
    const rows = await modes.locator('tbody tr').evaluateAll((rowElements) =>
      rowElements.map((row) => ({
        mode: row.querySelector('[data-column="mode"]')?.textContent ?? '',
        heldByDispatcher: row.querySelector('[data-column="descriptors.heldByDispatcher"]')?.textContent ?? '',
      })),
    );
    expect(rows.map((row) => row.mode.split(' ')[0])).toEqual(['relay', 'handoff', 'relay', 'handoff']);
    // After a handoff the dispatcher holds no client connection.
    for (const row of rows.filter((candidate) => candidate.mode.startsWith('handoff'))) expect(row.heldByDispatcher).toBe('0');
    // Who talked to whom: in relay the responses come back through the dispatcher, in handoff
    // the servers answer the clients straight (an arrow from the servers to the clients).
    const diagram = page.getByTestId('chart-who-talked');
    const arrows = await diagram.locator('g.flow-panel').evaluateAll((panels) =>
      panels.map((panel) => `${panel.getAttribute('data-panel')}: ${Array.from(panel.querySelectorAll('g.flow-edge')).map((edge) => `${edge.getAttribute('data-from')}>${edge.getAttribute('data-to')}`).join(' ')}`),
    );
    expect(arrows).toHaveLength(2);
    expect(arrows[0]).toMatch(/^relay: .*dispatcher>clients/);
    expect(arrows[0]).not.toContain('servers>clients');
    expect(arrows[1]).toMatch(/^handoff: .*servers>clients/);
    expect(arrows[1]).not.toContain('dispatcher>clients');
    expect(await page.getByTestId('metrics-table-traffic').locator('tbody tr').count()).toBe(18);
    expect(await page.getByTestId('chart-cache-hits').locator('rect.bar').count()).toBe(2);
    expect(await page.getByTestId('metrics-table-failover').locator('tr').count()).toBeGreaterThan(5);
  });
});
