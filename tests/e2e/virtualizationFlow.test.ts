/// <reference lib="dom" />
// The virtualization lab in the real window (browser mode from the built bundle, Debian's Chromium):
// run a short scenario, read its checks, the techniques, start-up and interfaces tables and their
// charts, then switch the window to Portuguese and read the interfaces table again.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

const shortScenario = ['engine: virtualization', 'programs: []', 'iterations: 30000', 'rounds: 1', 'consoleLines: 300', 'startupRepetitions: 1', ''].join('\n');

beforeAll(async () => {
  ({ directory, server, browser, page } = await startStudentWindow('proclab-e2e-virtualization-'));
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

describe('a student in the virtualization lab', () => {
  it('runs the guest programs and follows a console line through the four interfaces', async () => {
    await page.goto(server.url);
    await page.getByTestId('lab-card-virtualization').click();
    const editor = page.locator('[data-testid=scenario-editor] .view-lines');
    await expect.poll(() => editor.count(), { timeout: 30_000 }).toBe(1);
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), shortScenario);
    await page.keyboard.press('Control+V');
    await expect.poll(() => editor.textContent(), { timeout: 5_000 }).toContain('consoleLines');
    await expect.poll(async () => (await page.getByTestId('diagnostics-list').textContent()) ?? '', { timeout: 10_000 }).not.toMatch(/error/i);

    await page.getByTestId('run-button').click();
    await expect.poll(async () => (await page.getByTestId('run-status').textContent()) ?? '', { timeout: 120_000 }).toMatch(/succeeded/i);

    // Every check of the lab is evaluated; those that compare counts cannot depend on the machine's load.
    const checks = page.getByTestId('checks-list').locator('li');
    await expect.poll(() => checks.count(), { timeout: 10_000 }).toBe(8);
    const checkTexts = await checks.evaluateAll((items) => items.map((item) => ({ passed: item.classList.contains('check-passed'), text: item.textContent ?? '' })));
    for (const pattern of [/reached the host's file whole/, /the API hides the system calls/, /privileged instructions that trapped to the VMM/, /read the wrong mode/, /every mode read was right/]) {
      const check = checkTexts.find((candidate) => pattern.test(candidate.text));
      expect(check, String(pattern)).toBeDefined();
      expect(check!.passed, check!.text).toBe(true);
    }

    const techniques = page.getByTestId('metrics-table-techniques');
    expect(await techniques.locator('tbody tr').count()).toBe(16);
    expect(await page.getByTestId('chart-technique-slowdown').locator('rect.bar').count()).toBe(16);
    expect(await page.getByTestId('metrics-table-startup').locator('tbody th').allTextContents()).toEqual(['process', 'container', 'worker thread', 'vm (thread booting the guest)']);

    const interfaces = page.getByTestId('metrics-table-interfaces');
    expect(await interfaces.locator('tbody th').allTextContents()).toEqual([
      'library call (puts, the API, user mode)',
      'system call (SYS into the guest kernel)',
      'privileged instruction (OUT, IN, SETMODE: a trap to the VMM)',
      'device (the console transfer, a write to the host)',
    ]);
    expect(await interfaces.locator('tbody td[data-column="count"]').allTextContents()).toEqual(['300', '300', '1,200', '300']);
    for (const cost of await interfaces.locator('tbody td[data-column="costNs"]').allTextContents()) expect(cost).toMatch(/^[1-9][\d,]*/);
    expect(await page.getByTestId('chart-interface-cost').locator('rect.bar').count()).toBe(4);

    await page.getByTestId('language-select').selectOption('pt-BR');
    await expect.poll(() => interfaces.locator('tbody th').first().textContent(), { timeout: 5_000 }).toBe('chamada de biblioteca (puts, a API, modo usuário)');
    expect(await interfaces.locator('tbody td[data-column="count"]').allTextContents()).toEqual(['300', '300', '1.200', '300']);
    expect(await interfaces.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['Travessias', 'Por linha escrita']));
    expect(await page.getByTestId('checks-list').textContent()).toContain('a API esconde as chamadas de sistema');
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => interfaces.locator('tbody th').first().textContent(), { timeout: 5_000 }).toBe('library call (puts, the API, user mode)');
  });
});
