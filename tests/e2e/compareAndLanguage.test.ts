/// <reference lib="dom" />
// Two runs of a lab compared in the real window (browser mode, Debian's Chromium): found in the
// History with their checks and headline, ticked, and opened side by side with their scenario
// differences, their series overlaid in the same charts (one colour per run and series in every
// chart) and their tables beside each other. Then every screen in Portuguese: no UI text may be
// left in English (a message missing from the pt-BR table, or a string the window never translates).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en.ts';
import { ptBR } from '../../renderer/src/i18n/ptBR.ts';
import { engineSurfaces } from '../../main/engines/engineRegistry.ts';
import type { ChartUnit } from '../../preload/api.ts';
import { chartUnitSymbols } from '../support/chartUnitSymbols.ts';
import type { RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

const scenario = (connections: number): string =>
  [
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
    `  connections: ${connections}`,
    '  duration: 700ms',
    '  warmup: 200ms',
    '',
  ].join('\n');

beforeAll(async () => {
  ({ directory, server, browser, page } = await startStudentWindow('proclab-e2e-compare-'));
  mkdirSync(join(import.meta.dirname, '..', '..', 'out', 'screenshots'), { recursive: true });
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

async function runScenario(text: string): Promise<void> {
  const editor = page.locator('[data-testid=scenario-editor] .view-lines');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.evaluate((scenarioText) => navigator.clipboard.writeText(scenarioText), text);
  await page.keyboard.press('Control+V');
  await expect.poll(() => editor.textContent(), { timeout: 5_000 }).toContain(text.match(/connections: \d+/)![0].replace(' ', '\u00a0'));
  await expect.poll(async () => (await page.getByTestId('diagnostics-list').textContent()) ?? '', { timeout: 10_000 }).not.toMatch(/error/i);
  await page.getByTestId('run-button').click();
  await expect.poll(async () => (await page.getByTestId('run-status').getAttribute('data-status')) ?? '', { timeout: 60_000 }).toBe('succeeded');
}

/** English words Portuguese uses too ("Status de erro" is a table heading in pt-BR): not a sign of a missing translation. */
const wordsBothLanguagesUse = new Set(['Status']);

/** English UI messages (those pt-BR words differently) as patterns, placeholders matching anything. */
const englishOnly = Object.entries(en)
  .filter(([key, text]) => text !== ptBR[key as keyof typeof en] && text.replace(/\{\w+\}/g, '').trim().length >= 4 && !wordsBothLanguagesUse.has(text))
  .map(([key, text]) => {
    const pattern = text
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+?');
    return { key, pattern: new RegExp(`(^|[^\\p{L}])${pattern}($|[^\\p{L}])`, 'u') };
  });

/**
 * Chart words (units, bar labels) engines declare: in Portuguese, neither the English of one declared
 * in both languages nor a word declared in English alone (not a unit symbol) may be drawn.
 */
const englishChartWords = [
  ...new Set(
    engineSurfaces.flatMap(({ engine }) =>
      engine.charts.flatMap((spec) => {
        const record = spec as unknown as Record<string, unknown>;
        const words: ChartUnit[] = [
          ...(['unit', 'xUnit', 'yUnit'] as const).flatMap((field) => (record[field] === undefined ? [] : [record[field] as ChartUnit])),
          ...Object.values((record.xUnitTexts ?? {}) as Record<string, ChartUnit>),
          ...Object.values((record.labelTexts ?? {}) as Record<string, ChartUnit>),
        ];
        return words.flatMap((word) => (typeof word === 'string' ? (chartUnitSymbols.has(word) ? [] : [word]) : word.en === word['pt-BR'] ? [] : [word.en]));
      }),
    ),
  ),
].map((word) => ({ word, pattern: new RegExp(`(^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u') }));

/** What the charts on screen draw: axis units, labels, legends, hover titles. */
async function chartTexts(): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('svg text, svg title')).map((element) => element.textContent ?? ''));
}

async function englishChartWordsLeft(screen: string): Promise<string[]> {
  const texts = await chartTexts();
  return englishChartWords.flatMap(({ word, pattern }) => (texts.some((text) => pattern.test(text)) ? [`${screen}: chart word "${word}"`] : []));
}

/** The screen's text as a student meets it: what is shown, and hover help, labels and placeholders. */
async function screenTexts(): Promise<string[]> {
  return page.evaluate(() => {
    const texts = [document.body.innerText, document.title];
    for (const element of Array.from(document.querySelectorAll('[title], [aria-label], [placeholder], [aria-valuetext]'))) {
      for (const name of ['title', 'aria-label', 'placeholder', 'aria-valuetext']) {
        const value = element.getAttribute(name);
        if (value !== null) texts.push(value);
      }
    }
    return texts;
  });
}

async function englishLeft(screen: string): Promise<string[]> {
  const texts = await screenTexts();
  return englishOnly.flatMap(({ key, pattern }) => (texts.some((text) => pattern.test(text)) ? [`${screen}: ${key} "${en[key as keyof typeof en]}"`] : []));
}

describe('comparing runs, and the whole window in Portuguese', () => {
  let runIds: string[] = [];

  it('runs a lab twice and finds both runs in the History with their checks and a headline', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${server.url}#/labs/server-architectures`);
    await page.locator('[data-testid=scenario-editor] .view-lines').waitFor({ timeout: 30_000 });
    await runScenario(scenario(2));
    await runScenario(scenario(8));
    await page.getByTestId('history-link').click();
    const rows = page.locator('[data-testid^=history-row-]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    runIds = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-testid')!.replace('history-row-', '')));
    for (const checks of await page.getByTestId('history-checks').allTextContents()) expect(checks.trim()).toMatch(/^\d+\/\d+$/);
    for (const headline of await page.getByTestId('history-headline').allTextContents()) expect(headline).toMatch(/^iterative: [\d,]+ req\/s, p99 [\d.,]+ (ms|s|µs) · event-driven: /);
    await page.getByTestId('history-status-filter').selectOption('failed');
    expect(await rows.count()).toBe(0);
    await page.getByTestId('history-status-filter').selectOption('succeeded');
    expect(await rows.count()).toBe(2);
  });

  it('compares the two runs: scenario differences, overlaid series in one colour per run in every chart, tables side by side', async () => {
    const compare = page.getByTestId('compare-button');
    expect(await compare.isDisabled()).toBe(true);
    for (const checkbox of await page.getByTestId('history-select').all()) await checkbox.check();
    await compare.click();
    await page.getByTestId('compare-differences').waitFor({ timeout: 10_000 });
    const difference = await page.getByTestId('compare-differences').locator('tbody tr').allTextContents();
    expect(difference).toEqual([expect.stringMatching(/load\.connections\s*2\s*8/)]);

    const throughput = page.getByTestId('chart-throughput');
    const legend = await throughput.locator('.legend-label').allTextContents();
    expect(legend).toEqual(expect.arrayContaining(['#1 iterative', '#1 event-driven', '#2 iterative', '#2 event-driven']));
    // The same run's series is drawn in the same colour in every time chart.
    const colours = async (testId: string): Promise<Record<string, string>> =>
      page.getByTestId(testId).locator('.series').evaluateAll((groups) =>
        Object.fromEntries(groups.map((group) => [group.getAttribute('data-series') ?? '', group.querySelector('.series-line, circle')?.getAttribute('stroke') ?? group.querySelector('circle')?.getAttribute('fill') ?? ''])),
      );
    const timeCharts = await page.locator('[data-testid^=chart-]').evaluateAll((figures) => figures.filter((figure) => figure.querySelector('[data-chart-kind=timeSeries]') !== null).map((figure) => figure.getAttribute('data-testid')!));
    expect(timeCharts.length).toBeGreaterThan(1);
    const first = await colours(timeCharts[0]!);
    for (const testId of timeCharts.slice(1)) {
      const other = await colours(testId);
      for (const [series, colour] of Object.entries(other)) if (first[series] !== undefined) expect(colour, `${series} in ${testId}`).toBe(first[series]);
    }
    expect(await page.getByTestId('compare-table-servers').locator('table').count()).toBe(2);
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'out', 'screenshots', 'compare-1366-light.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });

  it('hands the two runs in as one report, from the keyboard: contents, a section per run, the lab’s title', async () => {
    await page.goto(`${server.url}#/runs`);
    await page.getByTestId('history-table').waitFor({ timeout: 10_000 });
    const handin = page.getByTestId('handin-button');
    expect(await handin.isDisabled()).toBe(true);
    for (const checkbox of await page.getByTestId('history-select').all()) await checkbox.check();
    await expect.poll(() => handin.isDisabled()).toBe(false);
    expect(await handin.textContent()).toContain('Hand-in report (2)');
    await handin.focus();
    const downloadPromise = page.waitForEvent('download', { timeout: 30_000 });
    await page.keyboard.press('Enter');
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^proclab-server-architectures-handin-.+\.html$/);
    const path = join(directory, download.suggestedFilename());
    await download.saveAs(path);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('<h1>Server architectures</h1>');
    expect(html).toContain('Hand-in report · 2 runs');
    const contents = /<nav id="contents"[\s\S]*?<\/nav>/.exec(html)![0];
    // Oldest first, as compare shows them; each run has its section, with its declared tables.
    const ordered = [...runIds].reverse();
    for (const [index, runId] of ordered.entries()) {
      expect(contents).toContain(`href="#run-${index + 1}"`);
      expect(contents).toContain(runId.slice(0, 8));
      expect(html).toContain(`<section id="run-${index + 1}" class="report-section handin-run" data-run-id="${runId}">`);
    }
    expect(html).toMatch(/id="run-2-metrics"[\s\S]*?data-table-id="servers"/);
    await expect.poll(async () => (await page.getByTestId('handin-message').textContent()) ?? '').toContain(download.suggestedFilename());
  });

  it('leaves no English on any screen in Portuguese, hover help included', async () => {
    await page.getByTestId('language-select').selectOption('pt-BR');
    const screens: { name: string; hash: string; ready: string }[] = [
      { name: 'catalog', hash: '#/labs', ready: '[data-testid^=lab-card-]' },
      { name: 'lab', hash: '#/labs/server-architectures', ready: '[data-testid=scenario-editor] .view-lines' },
      { name: 'history', hash: '#/runs', ready: '[data-testid=history-table]' },
      { name: 'run', hash: `#/runs/${runIds[0]}`, ready: '[data-testid=checks-list]' },
      { name: 'compare', hash: `#/compare/${runIds.join(',')}`, ready: '[data-testid=compare-differences]' },
      { name: 'settings', hash: '#/settings', ready: 'input' },
    ];
    const left: string[] = [];
    for (const screen of screens) {
      await page.goto(`${server.url}${screen.hash}`);
      await page.locator(screen.ready).first().waitFor({ timeout: 30_000 });
      // Results of the lab's last run are shown again on its page: wait for them too.
      if (screen.name === 'lab') await page.getByTestId('checks-list').waitFor({ timeout: 15_000 });
      left.push(...(await englishLeft(screen.name)), ...(await englishChartWordsLeft(screen.name)));
      // The run's charts are drawn, with their units in Portuguese (queue length in requests, cores kept busy).
      if (screen.name === 'run' || screen.name === 'compare') expect((await chartTexts()).join('\n')).toMatch(/requisições|núcleos/);
      // Tick labels and hover values write decimals with a comma.
      left.push(...(await chartTexts()).filter((text) => /(^|[^\d.,])\d+\.\d+($|[^\d])/.test(text)).slice(0, 3).map((text) => `${screen.name}: chart number "${text}"`));
    }
    expect(left).toEqual([]);
    await page.getByTestId('language-select').selectOption('en');
  });
});
