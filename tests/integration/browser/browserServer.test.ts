import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { SocketMessage } from '../../../common/socketProtocol.ts';
import { startBrowserServer, type BrowserServer } from '../../../main/browser/browserServer.ts';
import { LabService } from '../../../main/service/labService.ts';

let directory: string;
let service: LabService;
let server: BrowserServer;
const logLines: string[] = [];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'proclab-browser-'));
  const rendererRoot = join(directory, 'renderer');
  mkdirSync(join(rendererRoot, 'assets'), { recursive: true });
  writeFileSync(join(rendererRoot, 'index.html'), '<!doctype html><title>proclab</title>');
  writeFileSync(join(rendererRoot, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(directory, 'secret.txt'), 'secret');
  service = new LabService({ databasePath: join(directory, 'runs.sqlite'), face: 'browser' });
  server = await startBrowserServer({ service, port: 0, rendererRoot, log: (line) => logLines.push(line) });
});

afterAll(async () => {
  await server.close();
  await service.close();
  rmSync(directory, { recursive: true, force: true });
});

function get(path: string, host = `127.0.0.1:${server.port}`): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function connect(origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api`, origin === undefined ? {} : { origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, message: unknown): Promise<SocketMessage> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()) as SocketMessage));
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('browser mode server', () => {
  it('serves the window with its CSP and nothing outside the renderer folder', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get('/assets/app.js')).headers['content-type']).toContain('javascript');
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('refuses other Host names (DNS rebinding) and other origins', async () => {
    expect((await get('/', 'evil.example:80')).status).toBe(421);
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
    await expect(connect(undefined)).rejects.toThrow(/403/);
  });

  it('carries contract calls and answers bad ones with error values', async () => {
    const socket = await connect(`http://127.0.0.1:${server.port}`);
    const labs = await call(socket, { id: 1, method: 'listLabs', args: [] });
    expect(labs).toMatchObject({ kind: 'result', id: 1, result: { ok: true, value: expect.arrayContaining([expect.objectContaining({ id: 'server-architectures' })]) } });
    const unknown = await call(socket, { id: 2, method: 'constructor', args: [] });
    expect(unknown).toMatchObject({ id: 2, result: { ok: false, error: { code: 'invalid-argument' } } });
    const tooMany = await call(socket, { id: 3, method: 'getLab', args: ['server-architectures', 'extra'] });
    expect(tooMany).toMatchObject({ id: 3, result: { ok: false, error: { code: 'invalid-argument' } } });
    const hostile = await call(socket, { id: 4, method: 'getRun', args: [{ $gt: '' }] });
    expect(hostile).toMatchObject({ id: 4, result: { ok: false, error: { code: 'invalid-argument' } } });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{not json');
    expect(await closed).toBe(1007);
    expect(logLines).toEqual(['proclab: closed a browser connection (1007): a message was not JSON']);
  });
});
