import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { SocketMessage } from '../../../common/socketProtocol.ts';
import { startBrowserServer, type BrowserServer } from '../../../main/browser/browserServer.ts';
import { LabService } from '../../../main/service/labService.ts';
import type { RunEvent } from '../../../preload/api.ts';
import { hostileCalls, hostileFrames } from './hostileFrames.ts';
import { closeCodeFor, openRawWebSocket } from './rawWebSocket.ts';

const scenario = 'engine: architectures\nservers:\n  - name: e\n    architecture: event-driven\nload:\n  duration: 3s\n  warmup: 200ms\n  connections: 2\n';

function connect(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api`, { origin: `http://127.0.0.1:${port}` });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A well-behaved page's call: one request, its answer (run events are collected on the side). */
function callOn(socket: WebSocket, id: number, method: string, args: unknown[], events?: RunEvent[]): Promise<SocketMessage & { kind: 'result' }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const message = JSON.parse(data.toString()) as SocketMessage;
      if (message.kind === 'event') events?.push(message.event);
      else if (message.id === id) {
        if (events === undefined) socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, args }));
  });
}

async function stillServes(port: number): Promise<void> {
  const socket = await connect(port);
  const answer = await callOn(socket, 1, 'listLabs', []);
  expect(answer.result.ok).toBe(true);
  socket.close();
}

describe('browser mode against hostile frames', () => {
  let directory: string;
  let service: LabService;
  let server: BrowserServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'proclab-hostile-'));
    service = new LabService({ databasePath: join(directory, 'runs.sqlite'), face: 'browser' });
    server = await startBrowserServer({ service, port: 0, rendererRoot: directory, log: (line) => logLines.push(line) });
  });

  afterAll(async () => {
    await server.close();
    await service.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('closes each bad connection with its code and one line, keeps serving, and lets a run finish and be recorded', async () => {
    const page = await connect(server.port);
    const events: RunEvent[] = [];
    const started = await callOn(page, 1, 'startRun', [{ labId: 'server-architectures', scenarioText: scenario }]);
    if (!started.result.ok) throw new Error(JSON.stringify(started.result.error));
    const { runId } = started.result.value as { runId: string };
    const watched = callOn(page, 2, 'watchRun', [runId], events);
    expect((await watched).result.ok).toBe(true);

    for (const hostile of hostileFrames) {
      const linesBefore = logLines.length;
      expect({ name: hostile.name, code: await closeCodeFor(server.port, hostile.bytes()) }).toEqual({ name: hostile.name, code: hostile.closeCode });
      expect(logLines.slice(linesBefore), hostile.name).toEqual([expect.stringMatching(new RegExp(`^proclab: closed a browser connection \\(${hostile.closeCode}\\): \\S`))]);
    }
    // A connection cut in the middle of a frame is no one's fault to log, and no crash either.
    const cut = await openRawWebSocket(server.port);
    cut.socket.write(Buffer.from([0x81, 0xfe, 0x01]));
    cut.socket.resetAndDestroy();
    await stillServes(server.port);

    expect(page.readyState).toBe(WebSocket.OPEN);
    await expect.poll(() => events.at(-1), { timeout: 30_000 }).toMatchObject({ kind: 'status', status: 'succeeded' });
    const recorded = await service.getRun(runId);
    expect(recorded.ok && recorded.value.status).toBe('succeeded');
    expect(recorded.ok && recorded.value.samples.length).toBeGreaterThan(0);
    page.close();
  });

  it('answers hostile calls with error values and keeps the connection', async () => {
    const page = await connect(server.port);
    for (const call of hostileCalls) {
      const { id, method, args } = call as { id: number; method: string; args: unknown[] };
      const answer = await callOn(page, id, method, args);
      expect({ id, ok: answer.result.ok }).toEqual({ id, ok: false });
    }
    expect(page.readyState).toBe(WebSocket.OPEN);
    expect((await callOn(page, 99, 'listLabs', [])).result.ok).toBe(true);
    page.close();
  });
});

describe('proclab serve against hostile frames', () => {
  let directory: string;
  let child: ChildProcess;
  let port: number;
  let output = '';

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'proclab-serve-hostile-'));
    const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'proclab.js');
    child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', join(directory, 'runs.sqlite')], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PROCLAB_DEBUG: '' } });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`proclab serve did not start:\n${output}`)), 30_000);
      child.stdout!.on('data', () => {
        const match = /proclab browser mode: http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`proclab serve exited with ${code}:\n${output}`)));
    });
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(directory, { recursive: true, force: true });
  });

  it('survives every one of them, says one line each without a stack trace, and stops cleanly', async () => {
    for (const hostile of hostileFrames) {
      expect({ name: hostile.name, code: await closeCodeFor(port, hostile.bytes()) }).toEqual({ name: hostile.name, code: hostile.closeCode });
    }
    await stillServes(port);
    expect(child.exitCode).toBeNull();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const refusals = output.split('\n').filter((line) => line.startsWith('proclab: closed a browser connection'));
    expect(refusals).toHaveLength(hostileFrames.length);
    expect(output).not.toMatch(/^\s+at /m);
  });
});
