/// <reference lib="dom" />
// The student's path through the real app: browser mode against the real core, driven in
// Debian's Chromium. Open the lab, make a mistake and see it marked, fix it, run, watch the
// chart fill, find the run in the history, export the report.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../main/store/runStore.ts';
import { startBuiltBrowserMode, type RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let databasePath: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

const shortScenario = [
  'engine: architectures',
  'servers:',
  '  - name: iterative',
  '    architecture: iterative',
  '  - name: thread-pool',
  '    architecture: thread-pool',
  '    workers: 4',
  '  - name: event-driven',
  '    architecture: event-driven',
  'workload:',
  '  kind: io',
  '  serviceTime: 10ms',
  'load:',
  '  connections: 8',
  '  duration: 1200ms',
  '  warmup: 200ms',
  '',
].join('\n');

beforeAll(async () => {
  ({ directory, databasePath, server, browser, page } = await startStudentWindow('proclab-e2e-'));
});

afterAll(async () => {
  // Stopping browser mode releases everything and exits cleanly.
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

async function scenarioDiagnostics(): Promise<string> {
  return (await page.getByTestId('diagnostics-list').textContent()) ?? '';
}

describe('a student in browser mode', () => {
  it('opens the server-architectures lab beside its instructions', async () => {
    await page.goto(server.url);
    await page.getByTestId('lab-card-server-architectures').click();
    await expect.poll(() => page.locator('[data-testid=scenario-editor] .view-lines').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('body').textContent()).toMatch(/iterative/i);
    // The whole window, lab content included, switches to Portuguese and back.
    await page.getByTestId('language-select').selectOption('pt-BR');
    await expect.poll(() => page.locator('body').textContent(), { timeout: 5_000 }).toContain('Arquiteturas de servidores');
    expect(await page.getByTestId('run-button').textContent()).not.toContain('Run');
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => page.getByTestId('run-button').textContent(), { timeout: 5_000 }).toContain('Run');
  });

  it('sees a marker where the scenario is wrong, and none once it is fixed', async () => {
    const editor = page.locator('[data-testid=scenario-editor] .view-lines');
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('bogus: 1');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=scenario-editor] .squiggly-error').first().waitFor({ timeout: 15_000 });
    await expect.poll(scenarioDiagnostics, { timeout: 10_000 }).toMatch(/1:1.*unknown key "bogus"/);

    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('[data-testid=scenario-editor] .squiggly-error').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(scenarioDiagnostics, { timeout: 10_000 }).not.toMatch(/bogus/);
  });

  it('shows the schema documentation on hover and completes keys', async () => {
    await page.locator('[data-testid=scenario-editor] .view-line span', { hasText: /^duration$/ }).first().hover();
    await expect.poll(async () => (await page.locator('.monaco-hover').allTextContents()).join(' '), { timeout: 15_000 }).toContain('How long each server is measured');

    // On a scenario that is only begun, completion offers the keys it still lacks.
    await page.locator('[data-testid=scenario-editor] .view-lines').click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), 'engine: architectures\n');
    await page.keyboard.press('Control+V');
    // The paste lands asynchronously; asking for completion before it would complete the old text.
    await expect.poll(() => page.locator('[data-testid=scenario-editor] .view-lines').textContent(), { timeout: 10_000 }).not.toMatch(/servers|load/);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.suggest-widget .monaco-list-row');
    await expect.poll(() => suggestions.allTextContents(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringContaining('workload')]));
    await page.keyboard.press('Escape');
  });

  it('runs the scenario and watches the throughput chart fill with points', async () => {
    // Shorter than the default so the test stays quick: about a second per server.
    const editor = page.locator('[data-testid=scenario-editor] .view-lines');
    await editor.click();
    await page.keyboard.press('Control+A');
    // Pasted, as a student would bring a scenario in (typing would be auto-indented by the editor).
    await page.evaluate((text) => navigator.clipboard.writeText(text), shortScenario);
    await page.keyboard.press('Control+V');
    await expect.poll(() => page.locator('[data-testid=scenario-editor] .view-lines').textContent(), { timeout: 5_000 }).toContain('1200ms');
    await expect.poll(scenarioDiagnostics, { timeout: 10_000 }).not.toMatch(/error/i);
    await page.getByTestId('run-button').click();
    await expect.poll(async () => (await page.getByTestId('run-status').textContent()) ?? '', { timeout: 15_000 }).toMatch(/running|succeeded/i);
    const chart = page.locator('[data-testid^=chart-]').first();
    await expect.poll(() => chart.locator('circle.point, .series-line').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await page.getByTestId('run-status').textContent()) ?? '', { timeout: 90_000 }).toMatch(/succeeded/i);
    expect(await chart.locator('circle.point').count()).toBeGreaterThan(3);
  });

  it('reads the results and the editor\'s help in Portuguese, switching live', async () => {
    const servers = page.getByTestId('metrics-table-servers');
    await expect.poll(() => servers.locator('thead th').allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['Throughput (req/s)', 'p99 (ms)']));
    await page.getByTestId('language-select').selectOption('pt-BR');
    await expect.poll(() => servers.locator('caption').textContent(), { timeout: 5_000 }).toBe('Servidores');
    const headings = await servers.locator('thead th').allTextContents();
    expect(headings).toEqual(expect.arrayContaining(['Servidor', 'Vazão (req/s)', 'Latência p50 (ms)', 'p99 (ms)', 'máx. (ms)', 'Requisições', 'Erros']));
    expect(await servers.locator('tbody tr').count()).toBe(3);
    // Numbers with a decimal comma, one row per server named in its heading cell.
    const throughput = await servers.locator('tbody td[data-column="throughputRps"]').allTextContents();
    for (const value of throughput) expect(value).toMatch(/^\d{1,3}(\.\d{3})*,\d$/);
    expect(await servers.locator('tbody th').allTextContents()).toEqual(['iterative', 'thread-pool', 'event-driven']);
    expect(await page.getByTestId('metrics-table-characteristics').textContent()).toContain('máquina de estados finitos');

    // The editor's hover follows the window's language, without a reload.
    const durationKey = page.locator('[data-testid=scenario-editor] .view-line span', { hasText: /^duration$/ }).first();
    const hoverText = async (): Promise<string> => (await page.locator('.monaco-hover').allTextContents()).join(' ');
    await page.mouse.move(0, 0);
    await durationKey.hover();
    await expect.poll(hoverText, { timeout: 15_000 }).toContain('Por quanto tempo cada servidor é medido');
    await page.mouse.move(0, 0);
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => servers.locator('caption').textContent(), { timeout: 5_000 }).toBe('Servers');
    await durationKey.hover();
    await expect.poll(hoverText, { timeout: 15_000 }).toContain('How long each server is measured');
    await page.mouse.move(0, 0);
  });

  it('answers a question under it, and finds the answer again after a reload', async () => {
    const answer = page.getByTestId('answer-q1');
    await answer.click();
    await page.keyboard.type('The event-driven server served **far more** requests than the iterative one.');
    await expect.poll(async () => (await page.getByTestId('answer-status-q1').textContent()) ?? '', { timeout: 10_000 }).toMatch(/Saved/);
    await page.reload();
    await expect.poll(() => page.getByTestId('answer-q1').inputValue(), { timeout: 30_000 }).toBe('The event-driven server served **far more** requests than the iterative one.');
    // Typed and the page reloaded at once: the save on leaving the page still lands.
    await page.getByTestId('answer-q2').click();
    await page.keyboard.type('Throughput falls');
    await page.reload();
    await expect.poll(() => page.getByTestId('answer-q2').inputValue(), { timeout: 30_000 }).toBe('Throughput falls');
  });

  it('finds the run in the history and exports its report', async () => {
    await page.getByTestId('history-link').click();
    const rows = page.locator('[data-testid^=history-row-]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(await rows.first().textContent()).toMatch(/succeeded/i);
    const runId = (await rows.first().getAttribute('data-testid'))!.replace('history-row-', '');
    const store = RunStore.open(databasePath);
    const recorded = store.getRun(runId);
    store.close();
    expect(recorded?.status).toBe('succeeded');
    expect(recorded?.samples.length).toBeGreaterThan(3);

    await rows.first().click();
    const downloadPromise = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByTestId('export-button').click();
    const download = await downloadPromise;
    const path = join(directory, download.suggestedFilename());
    await download.saveAs(path);
    expect(existsSync(path)).toBe(true);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('served <strong>far more</strong> requests');
    expect(html).toMatch(/[0-9a-f]{64}/);
    expect(html).not.toMatch(/<script/i);
  });

  it('cancels a long run from the window, with the progress bar moving first', async () => {
    await page.goto(`${server.url}#/labs/server-architectures`);
    const editor = page.locator('[data-testid=scenario-editor] .view-lines');
    await editor.waitFor({ timeout: 30_000 });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), shortScenario.replace('1200ms', '60s'));
    await page.keyboard.press('Control+V');
    await page.getByTestId('run-button').click();
    const progress = page.getByTestId('progress-bar');
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(0);
    const cancelledAt = Date.now();
    await page.getByTestId('cancel-button').click();
    await expect.poll(async () => (await page.getByTestId('run-status').textContent()) ?? '', { timeout: 15_000 }).toMatch(/cancelled/i);
    expect(Date.now() - cancelledAt).toBeLessThan(15_000);
  });

  it('finds both runs in the history after the app is closed and opened again', async () => {
    expect(await server.stop()).toBe(0);
    server = await startBuiltBrowserMode(databasePath);
    await page.goto(server.url);
    await page.getByTestId('history-link').click();
    const rows = page.locator('[data-testid^=history-row-]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    const texts = (await rows.allTextContents()).join(' ');
    expect(texts).toMatch(/succeeded/i);
    expect(texts).toMatch(/cancelled/i);
  });
});
