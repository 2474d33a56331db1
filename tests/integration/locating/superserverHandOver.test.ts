import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseInetdConfiguration } from '../../../main/engines/superserver/inetdConfiguration.ts';
import { Superserver, describeSuperserverEvent, type SuperserverEvent } from '../../../main/engines/superserver/superserver.ts';

// Ports 9201.. + offset 19000.
const portOffset = 19_000;
const folder = mkdtempSync(join(tmpdir(), 'proclab-handover-'));
let superserver: Superserver | undefined;
let events: SuperserverEvent[] = [];
const savedSpawnSetting = process.env.PROCLAB_NATIVE_SPAWN;

function handlerScript(name: string, body: string): string {
  const path = join(folder, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function startWith(configuration: string): Promise<void> {
  const { entries, problems } = parseInetdConfiguration(configuration, '/');
  expect(problems).toEqual([]);
  events = [];
  superserver = new Superserver({ portOffset, onEvent: (event) => events.push(event) });
  await superserver.start(entries);
}

/** Sends `text` (if any), half-closes, and collects everything until the handler's side closes. */
function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.on('connect', () => socket.end(text));
  });
}

async function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out; events so far:\n${events.map(describeSuperserverEvent).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const port = (key: string): number => superserver!.portOf(key)!;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(async () => {
  await superserver?.stop();
  superserver = undefined;
  if (savedSpawnSetting === undefined) delete process.env.PROCLAB_NATIVE_SPAWN;
  else process.env.PROCLAB_NATIVE_SPAWN = savedSpawnSetting;
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// The same behaviour whether the handler is started natively (posix_spawn) or by Node's child_process.
describe.each([
  ['posix_spawn', '1'],
  ['child_process', '0'],
])('a nowait handler started with %s', (_name, setting) => {
  it('gets the connection as a blocking stdin and stdout, default signals and its environment', async () => {
    process.env.PROCLAB_NATIVE_SPAWN = setting;
    const script = handlerScript(
      `report-${setting}.sh`,
      // read blocks until the client's line (EAGAIN on a non-blocking socket would end it empty).
      'read line; echo "got $line"; grep -E "^Sig(Blk|Ign):" /proc/self/status; echo "from $REMOTE_ADDR for $PROCLAB_SERVICE"',
    );
    await startWith(`9201 stream tcp nowait root ${script} report`);
    const answer = await exchange(port('9201/tcp'), 'hello\n');
    expect(answer).toContain('got hello\n');
    // Nothing blocked and nothing ignored: the runtime's own SIGPIPE setting does not leak into it.
    expect(answer).toMatch(/SigBlk:\s+0+\n/);
    expect(answer).toMatch(/SigIgn:\s+0+\n/);
    expect(answer).toContain('from 127.0.0.1 for 9201/tcp');
    await waitFor(() => events.some((event) => event.kind === 'handler-exited'));
    expect(events.find((event) => event.kind === 'handler-exited')).toMatchObject({ exitCode: 0, signal: null, running: 0 });
  });

  it('reports what the handler wrote on stderr and its exit status', async () => {
    process.env.PROCLAB_NATIVE_SPAWN = setting;
    const script = handlerScript(`fail-${setting}.sh`, 'echo "disk full" >&2; exit 3');
    await startWith(`9202 stream tcp nowait root ${script} fail`);
    expect(await exchange(port('9202/tcp'), '')).toBe('');
    await waitFor(() => events.some((event) => event.kind === 'handler-exited'));
    const started = events.find((event) => event.kind === 'handler-started');
    expect(started).toMatchObject({ key: '9202/tcp', pid: expect.any(Number) });
    expect(events).toContainEqual({ kind: 'problem', key: '9202/tcp', message: `handler ${(started as { pid: number }).pid} said: disk full` });
    expect(events.find((event) => event.kind === 'handler-exited')).toMatchObject({ exitCode: 3, signal: null });
  });

  it('ends a running handler when it stops, and says which signal ended it', async () => {
    process.env.PROCLAB_NATIVE_SPAWN = setting;
    await startWith('9203 stream tcp nowait root /bin/sleep sleep 30');
    const socket = connect({ host: '127.0.0.1', port: port('9203/tcp') });
    socket.on('error', () => {});
    await waitFor(() => events.some((event) => event.kind === 'handler-started'));
    const pid = (events.find((event) => event.kind === 'handler-started') as { pid: number }).pid;
    expect(isAlive(pid)).toBe(true);
    await superserver!.stop();
    superserver = undefined;
    socket.destroy();
    expect(isAlive(pid)).toBe(false);
    expect(events.find((event) => event.kind === 'handler-exited')).toMatchObject({ pid, exitCode: null, signal: 'SIGTERM' });
  });

  it('reports a program that cannot be started, and keeps serving', async () => {
    process.env.PROCLAB_NATIVE_SPAWN = setting;
    await startWith(`9204 stream tcp nowait root ${join(folder, 'no-such-program')} missing`);
    expect(await exchange(port('9204/tcp'), 'x\n')).toBe('');
    await waitFor(() => events.some((event) => event.kind === 'problem' || event.kind === 'handler-exited'));
    expect(superserver!.running('9204/tcp')).toBe(0);
    expect(await exchange(port('9204/tcp'), 'x\n')).toBe('');
  });
});
