/// <reference lib="dom" />
// Browser mode answers only the link it printed: a real browser that opens it gets the app (and
// an address bar without the token), one that opens the bare address gets the page that says to
// open the printed link, and a page left open across a restart (a new token) ends on that page
// too instead of reconnecting for ever.
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
  ({ directory, databasePath, server, browser, page } = await startStudentWindow('proclab-e2e-token-'));
});

afterAll(async () => {
  expect(await endStudentWindow({ browser, server, directory })).toBe(0);
});

const origin = (): string => new URL(server.url).origin;

describe('browser mode with a launch token', () => {
  it('shows a fresh browser that opens the bare address where the link is, not the app', async () => {
    const bare = await browser.newPage();
    const answer = await bare.goto(`${origin()}/#/labs/server-architectures`);
    expect(answer?.status()).toBe(401);
    await expect.poll(() => bare.locator('h1').first().textContent()).toBe('Open the link printed in the terminal');
    expect(await bare.getByTestId('lab-card-server-architectures').count()).toBe(0);
    await bare.close();
  });

  it('opens the app from the printed link, keeps the route and drops the token from the address bar', async () => {
    await page.goto(`${server.url}#/labs/server-architectures`);
    await expect.poll(() => page.url(), { timeout: 10_000 }).toBe(`${origin()}/#/labs/server-architectures`);
    await expect.poll(() => page.getByTestId('run-button').count(), { timeout: 20_000 }).toBe(1);
  });

  it('ends on the page that says to open the new link once browser mode is started again', async () => {
    const port = Number(new URL(server.url).port);
    expect(await server.stop()).toBe(0);
    server = await startBuiltBrowserMode(databasePath, port);
    await expect.poll(() => page.locator('h1').first().textContent().catch(() => ''), { timeout: 30_000 }).toBe('Open the link printed in the terminal');
    // The new link opens the app again.
    await page.goto(`${server.url}#/labs/server-architectures`);
    await expect.poll(() => page.getByTestId('run-button').count(), { timeout: 20_000 }).toBe(1);
  });
});
