// The window's browser-mode client against a real WebSocket server (ws) on 127.0.0.1, through
// Node's own WebSocket, the same API a browser gives the page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { maxSocketMessageBytes, type SocketCall, type SocketMessage } from '../../../common/socketProtocol.ts';
import type { RunEvent } from '../../../preload/api.ts';
import type { ConnectionState } from '../../../renderer/src/api/connectionState.ts';
import { createSocketLabApi, type SocketLabApi } from '../../../renderer/src/api/socketLabApi.ts';

const runId = '00000000-0000-4000-8000-000000000001';

type Answer = (call: SocketCall, page: ServerSocket, core: FakeCore) => unknown;

/** A stand-in for proclab's core that records the calls it gets and answers as the test says. */
class FakeCore {
  readonly calls: SocketCall[] = [];
  readonly pages = new Set<ServerSocket>();
  readonly answers = new Map<string, Answer>();
  nextWatch = 1;
  #http: Server | undefined;
  #sockets: WebSocketServer | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    this.#http = createServer();
    this.#sockets = new WebSocketServer({ server: this.#http, path: '/api' });
    this.#sockets.on('connection', (page) => {
      this.pages.add(page);
      page.on('close', () => this.pages.delete(page));
      page.on('message', (data) => {
        const call = JSON.parse(data.toString()) as SocketCall;
        this.calls.push(call);
        const answer = this.answers.get(call.method) ?? defaultAnswer;
        const value = answer(call, page, this);
        if (value !== undefined) this.send(page, { kind: 'result', id: call.id, result: { ok: true, value } });
      });
    });
    await new Promise<void>((resolve) => this.#http!.listen(port, '127.0.0.1', resolve));
    this.port = (this.#http.address() as AddressInfo).port;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/api`;
  }

  send(page: ServerSocket, message: SocketMessage): void {
    page.send(JSON.stringify(message));
  }

  /** Sends a run event to every page for the given watch. */
  event(watchId: string, event: RunEvent): void {
    for (const page of this.pages) this.send(page, { kind: 'event', watchId, event });
  }

  callsOf(method: string): SocketCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async stop(): Promise<void> {
    for (const page of this.pages) page.terminate();
    this.#sockets?.close();
    this.#http?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#http ? this.#http.close(() => resolve()) : resolve()));
  }
}

const defaultAnswer: Answer = (call, _page, core) => {
  if (call.method === 'watchRun') return { watchId: `watch-${core.nextWatch++}` };
  if (call.method === 'listLabs') return [];
  return null;
};

const progress = (fraction: number): RunEvent => ({ kind: 'progress', runId, progress: { fraction, phase: 'measuring' } });

const cores: FakeCore[] = [];
const clients: SocketLabApi[] = [];

async function startCore(port = 0): Promise<FakeCore> {
  const core = new FakeCore();
  await core.start(port);
  cores.push(core);
  return core;
}

function client(url: string, states: ConnectionState[] = []): SocketLabApi {
  const api = createSocketLabApi({ url, onStateChange: (state) => states.push(state), connectTimeoutMs: 1_500, firstRetryDelayMs: 50, maxRetryDelayMs: 200 });
  clients.push(api);
  return api;
}

afterEach(async () => {
  for (const api of clients.splice(0)) api.close();
  for (const core of cores.splice(0)) await core.stop();
});

describe('the browser-mode socket client', () => {
  it('sends each contract method as one named call and leaves off trailing undefined arguments', async () => {
    const core = await startCore();
    const api = client(core.url);
    expect(await api.listLabs()).toEqual({ ok: true, value: [] });
    await api.exportReport(runId);
    await api.exportReport(runId, 'pt-BR');
    await api.listRuns();
    expect(core.calls.map(({ method, args }) => ({ method, args }))).toEqual([
      { method: 'listLabs', args: [] },
      { method: 'exportReport', args: [runId] },
      { method: 'exportReport', args: [runId, 'pt-BR'] },
      { method: 'listRuns', args: [] },
    ]);
    expect(new Set(core.calls.map((call) => call.id)).size).toBe(4);
  });

  it('hands a watch the events that arrived before its watchRun answer, in order, then the rest', async () => {
    const core = await startCore();
    core.answers.set('watchRun', (call, page) => {
      // The core subscribes before it answers, so events can overtake the answer.
      core.send(page, { kind: 'event', watchId: 'early', event: progress(0.1) });
      core.send(page, { kind: 'event', watchId: 'early', event: progress(0.2) });
      core.send(page, { kind: 'event', watchId: 'someone-else', event: progress(0.9) });
      core.send(page, { kind: 'result', id: call.id, result: { ok: true, value: { watchId: 'early' } } });
      return undefined;
    });
    const api = client(core.url);
    const events: RunEvent[] = [];
    const watched = await api.watchRun(runId, (event) => events.push(event));
    expect(watched.ok).toBe(true);
    core.event('early', progress(0.3));
    await expect.poll(() => events.length).toBe(3);
    expect(events).toEqual([progress(0.1), progress(0.2), progress(0.3)]);

    if (watched.ok) watched.value();
    await expect.poll(() => core.callsOf('unwatchRun').map((call) => call.args)).toEqual([['early']]);
    core.event('early', progress(0.4));
    expect((await api.listLabs()).ok).toBe(true);
    expect(events).toHaveLength(3);
  });

  it('refuses a call larger than the server accepts, says why, and never sends it', async () => {
    const core = await startCore();
    const api = client(core.url);
    const answer = await api.validateScenario('server-architectures', 'x'.repeat(maxSocketMessageBytes));
    expect(answer).toEqual({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/^validateScenario was not sent: it is 1,025 KiB, and proclab accepts at most 1,024 KiB in one call\.$/) } });
    // Multi-byte text counts in bytes, as the server counts it.
    const accented = await api.validateScenario('server-architectures', 'é'.repeat(maxSocketMessageBytes / 2));
    expect(accented.ok).toBe(false);
    expect(core.callsOf('validateScenario')).toHaveLength(0);
    expect(await api.listLabs()).toEqual({ ok: true, value: [] });
  });

  it('reconnects after the connection drops, fails the calls that were in flight, and watches again', async () => {
    const core = await startCore();
    const states: ConnectionState[] = [];
    const api = client(core.url, states);
    const events: RunEvent[] = [];
    const watched = await api.watchRun(runId, (event) => events.push(event));
    expect(watched).toMatchObject({ ok: true });
    core.event('watch-1', progress(0.1));
    await expect.poll(() => events.length).toBe(1);

    core.answers.set('getRun', () => undefined);
    const inFlight = api.getRun(runId);
    await expect.poll(() => core.callsOf('getRun').length).toBe(1);
    for (const page of core.pages) page.terminate();
    expect(await inFlight).toEqual({ ok: false, error: { code: 'unavailable', message: 'The connection to proclab was lost.' } });

    await expect.poll(() => core.callsOf('watchRun').length).toBe(2);
    expect(core.callsOf('watchRun')[1]!.args).toEqual([runId]);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    // The old watch id is dead; events come under the new one, to the same listener.
    core.event('watch-1', progress(0.5));
    core.event('watch-2', progress(0.6));
    await expect.poll(() => events.length).toBe(2);
    expect(events.at(-1)).toEqual(progress(0.6));
  });

  it('rides out a server that stops and starts again on the same port', async () => {
    const first = await startCore();
    const port = first.port;
    const states: ConnectionState[] = [];
    const api = client(first.url, states);
    const events: RunEvent[] = [];
    const kept = await api.watchRun(runId, (event) => events.push(event));
    const dropped = await api.watchRun(runId, () => events.push(progress(-1)));
    expect(kept.ok && dropped.ok).toBe(true);

    await first.stop();
    cores.splice(cores.indexOf(first), 1);
    await expect.poll(() => states.at(-1)).toBe('reconnecting');
    // A watch given up while the core is away is not made again.
    if (dropped.ok) dropped.value();
    const startedAt = performance.now();
    expect(await api.listLabs()).toEqual({ ok: false, error: { code: 'unavailable', message: 'proclab is not reachable right now; reconnecting.' } });
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(1_400);

    const second = await startCore(port);
    await expect.poll(() => states.at(-1), { timeout: 5_000 }).toBe('open');
    await expect.poll(() => second.callsOf('watchRun').length).toBe(1);
    expect(second.callsOf('unwatchRun')).toHaveLength(0);
    second.event('watch-1', progress(0.7));
    await expect.poll(() => events).toEqual([progress(0.7)]);
    expect(await api.listLabs()).toEqual({ ok: true, value: [] });

    if (kept.ok) kept.value();
    await expect.poll(() => second.callsOf('unwatchRun').map((call) => call.args)).toEqual([['watch-1']]);
  });

  it('answers unavailable, without hanging, when there is no core at all', async () => {
    const core = await startCore();
    const port = core.port;
    await core.stop();
    cores.length = 0;
    const states: ConnectionState[] = [];
    const api = client(`ws://127.0.0.1:${port}/api`, states);
    expect(await api.getLab('server-architectures')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await api.watchRun(runId, () => undefined)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(states).toContain('reconnecting');
  });
});
