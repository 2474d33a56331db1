import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { within } from '../../../main/toolkit/abortableWaits.ts';
import { forkChildProcess, startWorkerThread } from '../../../main/toolkit/supervisedChild.ts';

const threadCode = (body: string) => new URL(`data:text/javascript,${encodeURIComponent(`import { parentPort } from 'node:worker_threads';\n${body}`)}`);
const directory = mkdtempSync(join(tmpdir(), 'proclab-supervised-'));
const childFile = (name: string, body: string): string => {
  const path = join(directory, name);
  writeFileSync(path, body);
  return path;
};
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('a supervised worker thread', () => {
  it('is ready at its first message, passes on the rest, and ends when asked', async () => {
    const echo = threadCode(`parentPort.postMessage('hello'); parentPort.on('message', (m) => m === 'stop' ? process.exit(0) : parentPort.postMessage('echo ' + m));`);
    const thread = startWorkerThread<string, string>(echo, { name: 'the echo thread', stopMessage: 'stop' });
    const startedAt = performance.now();
    const readyAt = await thread.ready;
    expect(readyAt).toBeGreaterThanOrEqual(startedAt);
    const heard: string[] = [];
    thread.onMessage((message) => heard.push(message));
    thread.send('one');
    await expect.poll(() => heard).toEqual(['echo one']);
    expect(await thread.stop(2_000)).toBe('ended');
    expect(thread.hasExited).toBe(true);
    expect(await thread.exited).toMatchObject({ code: 0, signal: null });
    expect(await within(thread.failed, 50)).toBeUndefined();
    expect(await thread.stop(2_000)).toBe('ended');
  });

  it('is forced after the grace period when it ignores the request to stop', async () => {
    const stubborn = threadCode(`parentPort.postMessage('ready'); setInterval(() => {}, 1000);`);
    const thread = startWorkerThread<string, string>(stubborn, { name: 'the stubborn thread', stopMessage: 'stop' });
    await thread.ready;
    const stoppingAt = performance.now();
    expect(await thread.stop(100)).toBe('forced');
    expect(performance.now() - stoppingAt).toBeLessThan(2_000);
    expect(thread.hasExited).toBe(true);
  });

  it('says it failed when it ends before it is ready, or reports a failure, and not after a stop', async () => {
    const quitter = startWorkerThread<string, string>(threadCode('process.exit(3);'), { name: 'the quitter' });
    await expect(quitter.ready).rejects.toThrow('the quitter exited (code 3) before it was ready');
    expect((await quitter.failed).message).toMatch(/code 3/);

    const failing = startWorkerThread<{ kind: string; port?: number }, never, number>(threadCode(`parentPort.postMessage({ kind: 'failed' }); setInterval(() => {}, 1000);`), {
      name: 'the server',
      readyFrom: (message) => (message.kind === 'listening' ? message.port : undefined),
      failureFrom: (message) => (message.kind === 'failed' ? new Error('port in use') : undefined),
    });
    await expect(failing.ready).rejects.toThrow('port in use');
    expect((await failing.failed).message).toBe('port in use');
    await failing.kill();

    const stopped = startWorkerThread<string, string>(threadCode(`parentPort.postMessage('ready'); setInterval(() => {}, 1000);`), { name: 'the stopped thread' });
    await stopped.ready;
    await stopped.stop(100);
    expect(await within(stopped.failed, 50)).toBeUndefined();
  });
});

describe('a supervised child process', () => {
  it('is ready at the message that says so, stops on SIGTERM, and is forced when it ignores it', async () => {
    const server = childFile('server.mjs', `process.send({ kind: 'progress' }); process.send({ kind: 'listening', port: 4242 }); setInterval(() => {}, 1000);`);
    const child = forkChildProcess<{ kind: string; port?: number }, never, number>(server, { name: 'the server process', readyFrom: (message) => (message.kind === 'listening' ? message.port : undefined) });
    expect(child.pid).toBeGreaterThan(0);
    expect(await child.ready).toBe(4242);
    expect(await child.stop(2_000)).toBe('ended');
    expect(await child.exited).toMatchObject({ signal: 'SIGTERM' });

    const stubborn = childFile('stubborn.mjs', `process.on('SIGTERM', () => {}); process.send('ready'); setInterval(() => {}, 1000);`);
    const ignoring = forkChildProcess<string, never>(stubborn, { name: 'the stubborn process' });
    await ignoring.ready;
    expect(await ignoring.stop(200)).toBe('forced');
    expect(await ignoring.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(isAlive(ignoring.pid!)).toBe(false);
  });

  it('says so when it cannot be started at all, and has nothing to stop', async () => {
    const missing = forkChildProcess<string, never>(join(directory, 'missing.mjs'), { name: 'the missing program', fork: { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] } });
    await expect(missing.ready).rejects.toThrow(/the missing program exited \(code 1\) before it was ready/);
    const unstartable = forkChildProcess<string, never>(childFile('never.mjs', ''), { name: 'the unstartable one', fork: { execPath: join(directory, 'no-such-node') } });
    await expect(unstartable.ready).rejects.toThrow(/ENOENT/);
    expect(await within(unstartable.exited, 1_000)).toMatchObject({ code: null });
    expect(await unstartable.stop(100)).toBe('ended');
  });
});
