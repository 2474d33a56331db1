// What a handler gets from proclab's inetd, as from inetd: its connection on 0 and 1, stderr on
// 2 and no other descriptor; PATH and REMOTE_* and nothing of proclab's environment; a process
// group of its own, which stop ends whole; and, when proclab runs as root, the configured user
// and group. The same for a handler started by posix_spawn, by child_process, and as another user.
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseInetdConfiguration } from '../../../main/engines/superserver/inetdConfiguration.ts';
import { Superserver, describeSuperserverEvent, type SuperserverEvent } from '../../../main/engines/superserver/superserver.ts';
import { loadCLibrary, loadKoffi, type KoffiFunction } from '../../../main/platform/nativeLibrary.ts';

const portOffset = 21_000;
const isRoot = process.getuid?.() === 0;
// Handlers running as nobody must be able to read their scripts.
const folder = mkdtempSync(join(tmpdir(), 'proclab-isolation-'));
chmodSync(folder, 0o755);
const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'proclab.js');
let superserver: Superserver | undefined;
let events: SuperserverEvent[] = [];
const savedSpawnSetting = process.env.PROCLAB_NATIVE_SPAWN;
let dup: KoffiFunction;
let closeDescriptor: KoffiFunction;

beforeAll(async () => {
  const libc = loadCLibrary(await loadKoffi());
  dup = libc.declare('int dup(int fd)');
  closeDescriptor = libc.declare('int close(int fd)');
});

afterEach(async () => {
  await superserver?.stop();
  superserver = undefined;
  delete process.env.PROCLAB_ISOLATION_SECRET;
  if (savedSpawnSetting === undefined) delete process.env.PROCLAB_NATIVE_SPAWN;
  else process.env.PROCLAB_NATIVE_SPAWN = savedSpawnSetting;
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

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

/** Collects everything the handler writes until its side closes. */
function exchange(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

/** Connects and resolves with the first line the handler writes, keeping the connection open. */
function firstLine(port: number): Promise<{ line: string; socket: Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const closed = new Promise<void>((resolveClosed) => socket.once('close', () => resolveClosed()));
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end >= 0) resolve({ line: received.slice(0, end), socket, closed });
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out; events so far:\n${events.map(describeSuperserverEvent).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const port = (key: string): number => superserver!.portOf(key)!;

/** How a handler is started: which path, and as whom. */
const ways = [
  { way: 'posix_spawn', nativeSpawn: '1', user: 'root', expectedUid: isRoot ? 0 : process.getuid!() },
  { way: 'child_process', nativeSpawn: '0', user: 'root', expectedUid: isRoot ? 0 : process.getuid!() },
  ...(isRoot ? [{ way: 'child_process as nobody', nativeSpawn: '1', user: 'nobody', expectedUid: 65534 }] : []),
];

describe.each(ways)('a handler started with $way', ({ nativeSpawn, user, expectedUid }) => {
  it('gets PATH and REMOTE_* as its whole environment, nothing of proclab’s', async () => {
    process.env.PROCLAB_NATIVE_SPAWN = nativeSpawn;
    process.env.PROCLAB_ISOLATION_SECRET = 'a token of the user running proclab';
    await startWith(`9301 stream tcp nowait ${user} /usr/bin/env env`);
    const lines = (await exchange(port('9301/tcp'))).trim().split('\n').sort();
    expect(lines).toEqual([expect.stringMatching(/^PATH=\/usr\/local\/sbin:\/usr\/local\/bin:\/usr\/sbin:\/usr\/bin:\/sbin:\/bin$/), 'REMOTE_ADDR=127.0.0.1', expect.stringMatching(/^REMOTE_PORT=\d+$/)]);
  });

  it('gets only descriptors 0, 1 and 2, not one that proclab inherited without close-on-exec', async () => {
    process.env.PROCLAB_NATIVE_SPAWN = nativeSpawn;
    const secretPath = join(folder, 'secret-of-the-parent.txt');
    writeFileSync(secretPath, 'not for handlers\n');
    const opened = openSync(secretPath, 'r');
    // dup() leaves close-on-exec off, as a descriptor a shell or an IDE passes on would be.
    const inherited = dup(opened) as number;
    closeSync(opened);
    try {
      expect(inherited).toBeGreaterThan(2);
      await startWith(`9302 stream tcp nowait ${user} /bin/ls ls -l /proc/self/fd`);
      const listing = await exchange(port('9302/tcp'));
      expect(listing).not.toContain('secret-of-the-parent');
      const descriptors = [...listing.matchAll(/ (\d+) -> (.*)$/gm)].map((match) => ({ fd: Number(match[1]), target: match[2]! }));
      // ls itself has the directory it lists open.
      const others = descriptors.filter((descriptor) => descriptor.fd > 2 && !/^\/proc\/\d+\/fd$/.test(descriptor.target));
      expect(descriptors.filter((descriptor) => descriptor.fd <= 2).map((descriptor) => descriptor.fd)).toEqual([0, 1, 2]);
      expect(others).toEqual([]);
    } finally {
      closeDescriptor(inherited);
    }
  });

  it('leads its own process group, and stop ends what it started as well', async () => {
    process.env.PROCLAB_NATIVE_SPAWN = nativeSpawn;
    const script = handlerScript(`spawner-${nativeSpawn}-${user}.sh`, 'sleep 60 &\necho "$!"\nwait');
    await startWith(`9303 stream tcp nowait ${user} ${script} spawner`);
    const { line, socket, closed } = await firstLine(port('9303/tcp'));
    socket.on('error', () => undefined);
    const grandchild = Number(line);
    const handler = (events.find((event) => event.kind === 'handler-started') as { pid: number }).pid;
    expect(isAlive(grandchild)).toBe(true);
    // Its group is its own: numbered by its pid, and the process it started is in it.
    const groupOf = (pid: number): number => Number((/^\d+ \(.*\) \S+ \d+ (\d+)/s.exec(readStat(pid)) ?? [])[1]);
    expect(groupOf(handler)).toBe(handler);
    expect(groupOf(grandchild)).toBe(handler);
    await superserver!.stop();
    superserver = undefined;
    await waitFor(() => !isAlive(grandchild), 3_000);
    await closed;
  });

  it('leaves nothing behind when it exits before what it started: stop ends that too', async () => {
    process.env.PROCLAB_NATIVE_SPAWN = nativeSpawn;
    const script = handlerScript(`leaver-${nativeSpawn}-${user}.sh`, 'sleep 60 &\necho "$!"');
    await startWith(`9304 stream tcp nowait ${user} ${script} leaver`);
    const { line, socket, closed } = await firstLine(port('9304/tcp'));
    socket.on('error', () => undefined);
    const grandchild = Number(line);
    await waitFor(() => events.some((event) => event.kind === 'handler-exited'));
    // The handler is gone, and its child still holds the client's connection.
    expect(isAlive(grandchild)).toBe(true);
    await superserver!.stop();
    superserver = undefined;
    await waitFor(() => !isAlive(grandchild), 3_000);
    await closed;
  });

  it(`runs as uid ${expectedUid}`, async () => {
    process.env.PROCLAB_NATIVE_SPAWN = nativeSpawn;
    await startWith(`9305 stream tcp nowait ${user} /usr/bin/id id`);
    expect(await exchange(port('9305/tcp'))).toMatch(new RegExp(`^uid=${expectedUid}\\(`));
  });
});

function readStat(pid: number): string {
  return readFileSync(`/proc/${pid}/stat`, 'utf8');
}

describe.runIf(isRoot)('proclab running as root', () => {
  it.each([
    ['nobody', /^uid=65534\(nobody\) gid=65534\(nogroup\) groups=65534\(nogroup\)$/],
    ['daemon:nogroup', /^uid=1\(daemon\) gid=65534\(nogroup\) groups=65534\(nogroup\)$/],
    ['nobody.daemon', /^uid=65534\(nobody\) gid=1\(daemon\) groups=1\(daemon\)$/],
    ['root', /^uid=0\(root\) gid=0\(root\)/],
  ])('runs a handler of a service configured with user %s as that user and group', async (user, identity) => {
    await startWith(`9306 stream tcp nowait ${user} /usr/bin/id id`);
    expect((await exchange(port('9306/tcp'))).trim()).toMatch(identity);
    expect(events.filter((event) => event.kind === 'problem')).toEqual([]);
  });

  it('refuses to start a service whose user does not exist', async () => {
    const { entries } = parseInetdConfiguration('9307 stream tcp nowait no-such-user-here /usr/bin/id id', '/');
    superserver = new Superserver({ portOffset, onEvent: (event) => events.push(event) });
    await expect(superserver.start(entries)).rejects.toThrow('there is no user "no-such-user-here"');
  });

  it('as another user (here: nobody) runs handlers as that user, ignores the configured one and says so at start', async () => {
    const configuration = join(folder, 'inetd.conf');
    writeFileSync(configuration, '9308 stream tcp nowait daemon /usr/bin/id id\n');
    chmodSync(configuration, 0o644);
    const inetd = spawn(process.execPath, [bin, 'inetd', '--conf', configuration, '--port-offset', String(portOffset)], { uid: 65534, gid: 65534, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    inetd.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await waitFor(() => stderr.includes('ready:'), 20_000);
      expect(stderr).toContain('9308/tcp: handlers run as nobody, not as the configured user "daemon": only a superserver running as root can change user');
      expect(await exchange(9308 + portOffset)).toMatch(/^uid=65534\(nobody\)/);
    } finally {
      const exited = new Promise((resolve) => inetd.once('exit', resolve));
      inetd.kill('SIGINT');
      await exited;
    }
  });
});

describe.runIf(!isRoot)('proclab running as an ordinary user', () => {
  it('ignores the configured user with a warning at start, and runs handlers as itself', async () => {
    await startWith('9309 stream tcp nowait root /usr/bin/id id');
    expect(events).toContainEqual(expect.objectContaining({ kind: 'problem', key: '9309/tcp', message: expect.stringContaining('not as the configured user "root"') }));
    expect(await exchange(port('9309/tcp'))).toMatch(new RegExp(`^uid=${process.getuid!()}\\(`));
  });
});
