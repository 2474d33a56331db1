/// <reference lib="dom" />
// What instructors hand out, seen from the student's window: a student id in the settings, the
// variant it gives in a lab's scenario, and a lab pack imported from a file (a broken one refused
// with its file:line:col problems, the catalog untouched).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabCatalog } from '../../main/lab/labCatalog.ts';
import { scaffoldLab } from '../../main/lab/labScaffold.ts';
import { deriveVariant } from '../../main/lab/labVariants.ts';
import { createLabPack } from '../../main/packs/labPackWriter.ts';
import type { RunningBrowserMode } from './builtBrowserMode.ts';
import { endStudentWindow, startStudentWindow } from './studentWindow.ts';

let directory: string;
let server: RunningBrowserMode;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ directory, server, browser, page } = await startStudentWindow('proclab-e2e-instructor-'));
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

const editorText = async (): Promise<string> => ((await page.locator('[data-testid=scenario-editor] .view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');

describe('a student given a variant and a lab pack', () => {
  it('enters a student id in the settings; a wrong one is refused with the rule', async () => {
    await page.goto(server.url);
    await page.getByTestId('settings-link').click();
    await page.getByTestId('student-id-input').fill('not an id!');
    await page.getByTestId('student-id-save').click();
    await expect.poll(() => page.locator('[role=alert]').textContent(), { timeout: 5_000 }).toContain('1 to 64 letters');
    await page.getByTestId('student-id-input').fill(' Ana.Silva ');
    await page.getByTestId('student-id-save').click();
    await expect.poll(() => page.getByTestId('student-id-saved').textContent(), { timeout: 5_000 }).toContain('ana.silva');
    expect(await page.getByTestId('student-badge').textContent()).toBe('ana.silva');
    await page.getByTestId('language-select').selectOption('pt-BR');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 5_000 }).toBe('Configurações');
    await page.getByTestId('language-select').selectOption('en');
  });

  it('finds its own variant in the lab: listed beside the scenario, and in the scenario itself', async () => {
    const lab = new LabCatalog().get('threads-processes')!;
    const [blockingCall, poolSize] = deriveVariant('threads-processes', 'ana.silva', '', lab.definition.variables);
    await page.goto(`${server.url}#/labs/threads-processes`);
    await page.locator('[data-testid=scenario-editor] .view-lines').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('variant-blocking-call').textContent(), { timeout: 10_000 }).toContain(`blocking.blockingCall = ${blockingCall!.value}`);
    expect(await page.getByTestId('variant-pool-size').textContent()).toContain(`blocking.poolSize = ${poolSize!.value}`);
    await expect.poll(editorText, { timeout: 10_000 }).toContain(`blockingCall: ${blockingCall!.value}`);
    expect(await editorText()).toContain(`poolSize: ${poolSize!.value}`);
    // Before any run the answer boxes say why they wait.
    expect(await page.getByTestId('answer-q1').isDisabled()).toBe(true);
  });

  it('imports a lab pack from a file and sees its lab in the catalog; a broken pack is refused and changes nothing', async () => {
    const instructor = join(directory, 'instructor');
    mkdirSync(instructor);
    const lab = scaffoldLab(instructor, 'my-course-lab', 'threads-processes', 'a course salt');
    const { text } = createLabPack(lab.folder, { courseSalt: 'a course salt', createdBy: 'test' });
    const good = join(directory, 'my-course-lab.proclab');
    const broken = join(directory, 'broken.proclab');
    writeFileSync(good, text);
    writeFileSync(broken, text.replace('Run the default scenario.', 'Run anything.'));

    await page.goto(server.url);
    await page.getByTestId('lab-card-server-architectures').waitFor({ timeout: 15_000 });
    await page.getByTestId('import-pack-input').setInputFiles(broken);
    await expect.poll(() => page.getByTestId('import-problems').textContent(), { timeout: 10_000 }).toMatch(/the lab pack:\d+:\d+: instructions\.en\.md is damaged/);
    expect(await page.getByTestId('lab-card-my-course-lab').count()).toBe(0);

    await page.getByTestId('import-pack-input').setInputFiles(good);
    await expect.poll(() => page.getByTestId('import-message').textContent(), { timeout: 10_000 }).toContain('Imported “my-course-lab”');
    await expect.poll(() => page.getByTestId('lab-card-my-course-lab').textContent(), { timeout: 10_000 }).toContain('imported');
    expect(await page.getByTestId('lab-card-server-architectures').count()).toBe(1);
    await page.getByTestId('lab-card-my-course-lab').click();
    await expect.poll(() => page.locator('main.lab-page > h1').textContent(), { timeout: 15_000 }).toBe('my-course-lab');
  });
});
