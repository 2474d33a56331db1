import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LabApi, RunEvent } from '../../../preload/api.ts';
import { app, FakeWebContents, recorded, type RecordedWindow } from './fakeElectron.ts';

// The desktop face (main/app/) against a stand-in for Electron's API: the window itself cannot
// run here, but its security settings and the checks on every IPC call can.
vi.mock('electron', () => import('./fakeElectron.ts'));

const userData = mkdtempSync(join(tmpdir(), 'proclab-electron-'));
let window: RecordedWindow;

beforeAll(async () => {
  app.userDataPath = userData;
  await import('../../../main/app/main.ts');
  app.becomeReady();
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1), { timeout: 10_000 });
  window = recorded.windows[0]!;
});

afterAll(async () => {
  const quit = new Promise((resolve) => app.once('quit-called', resolve));
  app.emit('before-quit', { preventDefault: () => undefined });
  await quit;
  rmSync(userData, { recursive: true, force: true });
});

const trusted = () => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame });

describe('the desktop face', () => {
  it('opens one isolated, sandboxed window without Node, on the app:// origin', () => {
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(window.options.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(window.loadedUrl).toBe('app://proclab/index.html');
    expect(recorded.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('serves the built window over app:// with the CSP, and nothing else', async () => {
    const handle = recorded.protocolHandlers.get('app')!;
    const index = await handle({ url: 'app://proclab/index.html' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await handle({ url: 'app://proclab/../../package.json' })).status).toBe(404);
    expect((await handle({ url: 'app://elsewhere/index.html' })).status).toBe(404);
  });

  it('denies navigation away, new windows, webviews and every permission', () => {
    const contents = window.webContents;
    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const within = { preventDefault: vi.fn() };
    contents.emit('will-navigate', within, 'app://proclab/index.html#/runs');
    expect(within.preventDefault).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const granted: boolean[] = [];
    recorded.permissionRequestHandler?.(contents, 'media', (answer) => granted.push(answer));
    expect(granted).toEqual([false]);
    expect(recorded.permissionCheckHandler?.()).toBe(false);
  });

  it('answers named contract calls from the app window and refuses every other sender', async () => {
    const listLabs = recorded.ipcHandlers.get('proclab:listLabs')!;
    const labs = (await listLabs(trusted())) as { ok: boolean; value: { id: string }[] };
    expect(labs.ok).toBe(true);
    expect(labs.value.map((lab) => lab.id)).toContain('server-architectures');

    const foreignFrame = { sender: window.webContents, senderFrame: { url: 'https://evil.example/' } };
    const otherContents = { sender: new FakeWebContents(), senderFrame: { url: 'app://proclab/index.html' } };
    const subframe = { sender: window.webContents, senderFrame: { url: 'app://proclab/index.html' } };
    for (const event of [foreignFrame, otherContents, subframe, { sender: window.webContents, senderFrame: null }]) {
      expect(await listLabs(event)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'this call did not come from the proclab window' } });
    }
    expect([...recorded.ipcHandlers.keys()].every((channel) => channel.startsWith('proclab:'))).toBe(true);
  });

  it('validates arguments on every channel and streams run events to the window', async () => {
    const getRun = recorded.ipcHandlers.get('proclab:getRun')!;
    expect(await getRun(trusted(), { injected: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const getLab = recorded.ipcHandlers.get('proclab:getLab')!;
    expect(await getLab(trusted(), 'server-architectures', 'extra')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const watchRun = recorded.ipcHandlers.get('proclab:watchRun')!;
    expect(await watchRun(trusted(), 'not-a-run')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    const startRun = recorded.ipcHandlers.get('proclab:startRun')!;
    const scenario = 'engine: architectures\nservers:\n  - name: e\n    architecture: event-driven\nload:\n  duration: 300ms\n  warmup: 100ms\n  connections: 2\n';
    const started = (await startRun(trusted(), { labId: 'server-architectures', scenarioText: scenario })) as { ok: true; value: { runId: string } };
    expect(started.ok).toBe(true);
    const watched = (await watchRun(trusted(), started.value.runId)) as { ok: true; value: { watchId: string } };
    expect(watched.ok).toBe(true);
    await vi.waitFor(
      () => expect(window.webContents.sent.some(([, , event]) => (event as { kind: string; status?: string }).status === 'succeeded')).toBe(true),
      { timeout: 20_000 },
    );
    expect(window.webContents.sent.every(([channel, watchId]) => channel === 'proclab:run-event' && watchId === watched.value.watchId)).toBe(true);
  });

  it('caps the watches of a window, adds no listener per watch, and ends them when its page reloads', async () => {
    const handler = (method: string) => recorded.ipcHandlers.get(`proclab:${method}`)!;
    expect(await handler('listLabs')(trusted())).toMatchObject({ ok: true });
    const contents = window.webContents;
    const destroyedListeners = contents.listenerCount('destroyed');
    const navigateListeners = contents.listenerCount('did-navigate');
    const long = 'engine: architectures\nservers:\n  - name: e\n    architecture: event-driven\nload:\n  duration: 30s\n  warmup: 100ms\n  connections: 2\n';
    const started = (await handler('startRun')(trusted(), { labId: 'server-architectures', scenarioText: long })) as { ok: true; value: { runId: string } };
    expect(started.ok).toBe(true);
    const watchAll = (count: number) => Promise.all(Array.from({ length: count }, () => handler('watchRun')(trusted(), started.value.runId) as Promise<{ ok: boolean; value?: { watchId: string }; error?: { code: string } }>));

    const answers = await watchAll(70);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(64);
    expect(answers.filter((answer) => !answer.ok).map((answer) => answer.error?.code)).toEqual(Array(6).fill('conflict'));
    expect(contents.listenerCount('destroyed')).toBe(destroyedListeners);
    expect(contents.listenerCount('did-navigate')).toBe(navigateListeners);
    expect(await handler('unwatchRun')(trusted(), answers[0]!.value!.watchId)).toEqual({ ok: true, value: null });
    expect((await watchAll(2)).map((answer) => answer.ok)).toEqual([true, false]);
    expect(await handler('unwatchRun')(trusted(), 42)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    // A reload replaces the page and its listeners: its watches go with it.
    contents.emit('did-navigate', {}, 'app://proclab/index.html');
    expect((await watchAll(64)).every((answer) => answer.ok)).toBe(true);

    expect(await handler('cancelRun')(trusted(), started.value.runId)).toEqual({ ok: true, value: null });
    await vi.waitFor(async () => expect(await handler('getRun')(trusted(), started.value.runId)).toMatchObject({ ok: true, value: { status: 'cancelled' } }), { timeout: 20_000 });
  });

  it('gives the page the whole contract through the preload, run events included', async () => {
    await import('../../../preload/index.ts');
    const lab = recorded.exposed.lab as LabApi;
    expect(Object.keys(lab).sort()).toEqual(['cancelRun', 'deleteRun', 'exportHandinReport', 'exportReport', 'getLab', 'getRun', 'getVariant', 'importLabPack', 'listLabs', 'listRuns', 'saveAnswer', 'startRun', 'validateScenario', 'watchRun']);
    const detail = await lab.getLab('server-architectures');
    expect(detail.ok && detail.value.defaultScenario).toContain('engine: architectures');
    const diagnostics = await lab.validateScenario('server-architectures', 'engine: architectures\nbogus: 1\n');
    expect(diagnostics.ok && diagnostics.value[0]).toMatchObject({ line: 2, column: 1 });

    const scenario = 'engine: architectures\nservers:\n  - name: e\n    architecture: event-driven\nload:\n  duration: 300ms\n  warmup: 100ms\n  connections: 2\n';
    const started = await lab.startRun({ labId: 'server-architectures', scenarioText: scenario });
    if (!started.ok) throw new Error(started.error.message);
    const events: RunEvent[] = [];
    const watching = await lab.watchRun(started.value.runId, (event) => events.push(event));
    expect(watching.ok).toBe(true);
    await vi.waitFor(() => expect(events.at(-1)).toMatchObject({ kind: 'status', status: 'succeeded' }), { timeout: 20_000 });
    expect(events.some((event) => event.kind === 'sample')).toBe(true);
    if (watching.ok) watching.value();
    expect(await lab.saveAnswer(started.value.runId, 'q1', 'Uma *resposta*.')).toMatchObject({ ok: true, value: { questionId: 'q1', markdown: 'Uma *resposta*.' } });
    const report = await lab.exportReport(started.value.runId, 'pt-BR');
    expect(report.ok && report.value.html).toContain(started.value.runId);
    expect(report.ok && report.value.html).toContain('Uma <em>resposta</em>.');
    const variant = await lab.getVariant('threads-processes', 'A1');
    expect(variant.ok && variant.value.studentId).toBe('a1');
    expect(await lab.importLabPack('not a pack')).toMatchObject({ ok: false });
    expect(await lab.deleteRun(started.value.runId)).toEqual({ ok: true, value: null });
  });
});
