import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { architectureNames, type ArchitectureName } from '../../../main/engines/architectures/architectureCatalog.ts';
import type { ServerHostOptions } from '../../../main/engines/architectures/servers/serverMessages.ts';
import { startServerWorker, type ServerWorker } from '../../../main/engines/architectures/servers/serverWorker.ts';
import { completeResponses, exchange, isListening } from './portProbe.ts';

const run = promisify(execFile);
const curlPresent = await run('curl', ['--version']).then(
  () => true,
  () => false,
);
if (!curlPresent) console.warn('curl is not installed: the curl checks of the architecture servers are skipped');

const started: ServerWorker[] = [];

async function startServer(architecture: ArchitectureName, overrides: Partial<ServerHostOptions> = {}): Promise<number> {
  const server = startServerWorker({
    architecture,
    workload: { kind: 'io', serviceTimeMs: 5 },
    responseSizeBytes: 100,
    port: 0,
    workers: 2,
    ...overrides,
  });
  started.push(server);
  return server.listening;
}

const request = (path = '/', extraHeaders = ''): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extraHeaders}\r\n`;

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

describe.each(architectureNames)('the %s server', (architecture) => {
  it.skipIf(!curlPresent)('answers curl with a body of responseSize bytes', async () => {
    const port = await startServer(architecture, { responseSizeBytes: 300 });
    const { stdout } = await run('curl', ['-s', '--max-time', '5', '-w', '\\n%{http_code} %{size_download}', `http://127.0.0.1:${port}/anything`]);
    expect(stdout.split('\n').at(-1)).toBe('200 300');
  });

  it('answers a HEAD request without a body and a malformed request with 400, then closes', async () => {
    const port = await startServer(architecture);
    const head = await exchange(port, 'HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(head.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head.text).toMatch(/Content-Length: 100\r\n/);
    expect(head.text.endsWith('\r\n\r\n')).toBe(true);
    const malformed = await exchange(port, 'NONSENSE\r\n\r\n');
    expect(malformed.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(malformed.closedByServer).toBe(true);
  });

  it('stops: the port is closed afterwards', async () => {
    const port = await startServer(architecture);
    expect(await isListening(port)).toBe(true);
    await started.pop()!.stop();
    expect(await isListening(port)).toBe(false);
  });
});

describe.each(['thread-pool', 'event-driven'] as const)('keep-alive in the %s server', (architecture) => {
  it('answers pipelined requests in order on one connection and keeps it open', async () => {
    const port = await startServer(architecture);
    const result = await exchange(port, request('/1') + request('/2') + request('/3'), { expectedResponses: 3 });
    expect(completeResponses(result.text)).toBe(3);
    expect(result.closedByServer).toBe(false);
    expect(result.text).toMatch(/Connection: keep-alive\r\n/);
    expect(result.text).not.toMatch(/Connection: close/);
  });

  it.skipIf(!curlPresent)('lets curl reuse the connection', async () => {
    const port = await startServer(architecture);
    const { stderr } = await run('curl', ['-sv', '--max-time', '5', '-o', '/dev/null', '-o', '/dev/null', `http://127.0.0.1:${port}/a`, `http://127.0.0.1:${port}/b`]);
    expect(stderr).toMatch(/Re-?using existing connection/i);
  });

  it('closes when the client asks with Connection: close', async () => {
    const port = await startServer(architecture);
    const result = await exchange(port, request('/', 'Connection: close\r\n'));
    expect(completeResponses(result.text)).toBe(1);
    expect(result.closedByServer).toBe(true);
  });
});

describe('the iterative server', () => {
  it('by default serves one request per connection and says so', async () => {
    const port = await startServer('iterative');
    const result = await exchange(port, request('/1') + request('/2'));
    expect(completeResponses(result.text)).toBe(1);
    expect(result.text).toMatch(/Connection: close\r\n/);
    expect(result.closedByServer).toBe(true);
  });

  it('keeps a connection alive for requestsPerConnection requests, announcing what is left', async () => {
    const port = await startServer('iterative', { requestsPerConnection: 3 });
    const result = await exchange(port, request('/1') + request('/2') + request('/3') + request('/4'));
    expect(completeResponses(result.text)).toBe(3);
    expect(result.text).toMatch(/Keep-Alive: timeout=1, max=2\r\n/);
    expect(result.text).toMatch(/Keep-Alive: timeout=1, max=1\r\n/);
    expect(result.text).toMatch(/Connection: close\r\n/);
    expect(result.closedByServer).toBe(true);
  });

  it('leaves a second client waiting until the first one is done', async () => {
    const port = await startServer('iterative');
    // The first client connects and sends nothing: the server is its, until the 1 s idle time-out.
    const idle = exchange(port, '', { waitMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const waiting = await exchange(port, request(), { expectedResponses: 1, waitMs: 5000 });
    expect(completeResponses(waiting.text)).toBe(1);
    expect(waiting.elapsedMs).toBeGreaterThan(700);
    expect((await idle).closedByServer).toBe(true);
  });
});

describe('starting a server', () => {
  let blocker: Server | undefined;
  afterEach(() => blocker?.close());

  it('fails with a clear message when the port is taken', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await expect(startServer('event-driven', { port })).rejects.toThrow(`port ${port} is already in use`);
  });
});

describe('a server that cannot be built', () => {
  it('reports why instead of hanging', async () => {
    const broken = startServerWorker({ architecture: 'no-such-architecture' as ArchitectureName, workload: { kind: 'io', serviceTimeMs: 0 }, responseSizeBytes: 1, port: 0 });
    started.push(broken);
    await expect(broken.listening).rejects.toThrow();
    await expect(broken.failed).resolves.toBeInstanceOf(Error);
  });
});
