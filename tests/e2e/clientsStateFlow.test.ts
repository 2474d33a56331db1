/// <reference lib="dom" />
// The clients-and-state lab in the real window (browser mode from the built bundle, Debian's
// Chromium): a short run of the stub, idempotency and server-state parts, its charts filling in,
// the tables of the marshalled call and of the three designs, and the lab's checks passing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

const shortRun = [
  'engine: clients-and-state',
  'access: { calls: 40 }',
  'idempotency: { calls: 24, replyLoss: 0.25, timeout: 100ms, tableLifetime: 1s }',
  'policies: { enabled: false }',
  'stateDesigns: { files: 2, streamSize: 128KiB, steady: 600ms, downtime: 100ms, after: 700ms, lease: 200ms }',
  'inClass: { enabled: false }',
  '',
].join('\n');

beforeAll(async () => {
  ({ directory, server, browser, page } = await startStudentWindow('proclab-e2e-clients-'));
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

describe('a student in the clients-and-state lab', () => {
  it('runs the stub, idempotency and server-state parts and sees their charts, tables and checks', async () => {
    await page.goto(server.url);
    await page.getByTestId('lab-card-clients-and-state').click();
    const editor = page.locator('[data-testid=scenario-editor] .view-lines');
    await expect.poll(() => editor.count(), { timeout: 30_000 }).toBe(1);
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), shortRun);
    await page.keyboard.press('Control+V');
    await expect.poll(() => editor.textContent(), { timeout: 5_000 }).toContain('128KiB');
    await expect.poll(async () => (await page.getByTestId('diagnostics-list').textContent()) ?? '', { timeout: 10_000 }).not.toMatch(/error/i);

    await page.getByTestId('run-button').click();
    // The reads-per-second line grows while the file servers run, before the run ends.
    const readsOverTime = page.getByTestId('chart-design-reads-over-time');
    await expect.poll(() => readsOverTime.locator('.series-line').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await page.getByTestId('run-status').textContent()) ?? '', { timeout: 120_000 }).toMatch(/succeeded/i);

    expect(await page.getByTestId('chart-access-cost').locator('rect.bar').count()).toBe(2);
    expect(await page.getByTestId('chart-idempotency-applied').locator('rect.bar').count()).toBe(2);
    expect(await page.getByTestId('chart-design-throughput').locator('rect.bar').count()).toBe(3);
    expect(await readsOverTime.locator('.series-line').count()).toBe(3);

    // The bytes of add("x", 1000): the request id first, the amount last, as big-endian 1000.
    const layout = page.getByTestId('metrics-table-marshalled-call');
    const fields = await layout.locator('tbody [data-column="field"]').allTextContents();
    expect(fields[0]).toMatch(/xid/);
    expect(await layout.locator('tbody tr').last().locator('[data-column="hex"]').textContent()).toMatch(/00 ?00 ?00 ?00 ?00 ?00 ?03 ?e8/);

    const designs = page.getByTestId('metrics-table-state-designs');
    expect(await designs.locator('tbody tr').count()).toBe(3);
    expect(await designs.locator('tbody [data-column="design"]').allTextContents()).toEqual(['stateless (NFSv3-like)', 'stateful (handles, callbacks)', 'soft state (leases)']);

    // Only the checks of the parts that ran, and every one of them passed.
    // The recorded run's page holds the lab's checks.
    await page.getByTestId('open-run-link').click();
    const checks = page.getByTestId('checks-list');
    // access 1, idempotency 2, server state 5.
    await expect.poll(() => checks.locator('li').count(), { timeout: 10_000 }).toBe(8);
    expect(await checks.locator('li.check-failed').allTextContents()).toEqual([]);
    expect(await checks.textContent()).not.toMatch(/first-of-k/i);
  });
});
