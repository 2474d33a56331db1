import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { portmapClient } from '../../../main/protocols/oncRpc/portmapClient.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-locating-cli-'));
const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'proclab.js');
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(directory, { recursive: true, force: true });
});

interface Foreground {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<number | null>;
}

/** Starts a foreground proclab command, as a user would in a terminal. */
function startCommand(args: string[]): Foreground {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    async waitFor(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never saw ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

function exchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer on port ${port}`)));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.end(payload);
  });
}

// Below the kernel's ephemeral range (32768 and up), where another test's outgoing connection
// can take a port at any moment, and clear of the fixed offsets of the other superserver tests
// (17 000, 18 000, 19 000, 21 000 plus services up to 9 308).
const offset = 22_500 + 1_000 * Math.floor(Math.random() * 8);

describe('proclab inetd and proclab portmap in the foreground', () => {
  it('inetd serves its configuration, reloads it on SIGHUP and releases its ports on Ctrl+C', async () => {
    const conf = join(directory, 'inetd.conf');
    writeFileSync(conf, 'echo stream tcp nowait nobody internal\n');
    const inetd = startCommand(['inetd', '--conf', conf, '--port-offset', String(offset)]);
    await inetd.waitFor(/ready: 1 service/);
    expect(await exchange(offset + 7, 'hello\r\n')).toBe('hello\r\n');

    writeFileSync(conf, 'echo stream tcp nowait nobody internal\ndaytime stream tcp nowait nobody internal\n');
    inetd.child.kill('SIGHUP');
    await inetd.waitFor(/reloaded .* added \[daytime\/tcp\]/);
    expect(await exchange(offset + 13, '')).toMatch(/\r\n$/);

    writeFileSync(conf, 'echo stream tcp sometimes nobody internal\n');
    inetd.child.kill('SIGHUP');
    await inetd.waitFor(/reload refused, keeping the running configuration/);
    expect(await exchange(offset + 7, 'still here\r\n')).toBe('still here\r\n');

    expect(await inetd.stop()).toBe(0);
    await expect(exchange(offset + 7, 'x')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('inetd refuses a broken configuration with file:line:col and exit code 2', async () => {
    const conf = join(directory, 'broken.conf');
    writeFileSync(conf, 'echo stream tcp nowait nobody internal\nbogus-service stream tcp nowait nobody internal\n');
    const inetd = startCommand(['inetd', '--conf', conf, '--port-offset', String(offset)]);
    const code = await new Promise((resolve) => inetd.child.once('exit', resolve));
    expect(code).toBe(2);
    expect(inetd.output()).toMatch(new RegExp(`${conf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:1: `));
  });

  it('portmap answers NULL, SET and GETPORT, forgets soft state, and stops on Ctrl+C', async () => {
    const port = offset + 111;
    const portmap = startCommand(['portmap', '--port', String(port), '--soft-state', '1']);
    await portmap.waitFor(/ready on 127\.0\.0\.1:\d+ tcp\+udp \(soft state, 1 s\)/);
    const address = { host: '127.0.0.1', port, transport: 'udp' as const };
    await portmapClient.ping(address);
    expect(await portmapClient.set(address, { program: 300_000, version: 1, protocol: 6, port: 4242 })).toBe(true);
    expect(await portmapClient.getPort({ ...address, transport: 'tcp' }, { program: 300_000, version: 1, protocol: 6 })).toBe(4242);
    await portmap.waitFor(/expired program 300000 version 1 tcp port 4242/, 10_000);
    expect(await portmapClient.getPort(address, { program: 300_000, version: 1, protocol: 6 })).toBe(0);
    expect(await portmap.stop()).toBe(0);
  });
});
