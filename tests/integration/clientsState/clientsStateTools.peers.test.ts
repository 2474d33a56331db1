import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkNamespaceProblem, requirePeer } from '../locating/peerCommand.ts';
import { descendantProcessIds } from '../threadsProcesses/childProcesses.ts';

// The lab's servers through `proclab counter` and `proclab inclass`, with the peer tools a
// student would point at them: Debian's rpcinfo against the counter's generated skeleton (through
// proclab's port mapper), nc against the connection server, curl against the last-page server.

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'proclab.js');

const namespaceProblem = networkNamespaceProblem();

/** Starts `proclab ARGS` in the foreground and resolves with it once it printed its first line. */
async function foreground(args: string[]): Promise<{ line: string; stop: () => Promise<number | null>; exited: Promise<number | null>; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proclab ${args.join(' ')} printed nothing within 20 s\n${stderr}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(stdout.split('\n')[0]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`proclab ${args.join(' ')} exited (${code})\n${stderr}`)));
  });
  const stop = (): Promise<number | null> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGINT');
    });
  return { line, stop, exited, stderr: () => stderr };
}

const portOf = (line: string): number => Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]);

describe('the clients-and-state servers against real peer tools', () => {
  it.skipIf(namespaceProblem !== undefined)(`rpcinfo lists the counter registered with proclab portmap and calls NULL on its generated skeleton${namespaceProblem ? ` — SKIPPED: ${namespaceProblem}` : ''}`, () => {
    requirePeer('rpcinfo');
    requirePeer('ip');
    // A fresh namespace has its own port 111 for the port mapper (Debian's rpcinfo always asks it).
    const node = `"${process.execPath}"`;
    const waitFor = (file: string, text: string) => `for i in $(seq 1 200); do grep -q "${text}" ${file} && break; sleep 0.1; done`;
    const script = [
      'set -u',
      'ip link set lo up',
      'out=$(mktemp -d)',
      `${node} bin/proclab.js portmap --port 111 2>$out/portmap.log & portmap=$!`,
      waitFor('$out/portmap.log', 'ready'),
      `${node} bin/proclab.js counter --portmap 111 >$out/counter.out 2>$out/counter.log & counter=$!`,
      waitFor('$out/counter.out', 'counter server'),
      'cat $out/counter.out',
      'echo "--- -p"; timeout 5 rpcinfo -p 127.0.0.1',
      'echo "--- -t"; timeout 5 rpcinfo -t 127.0.0.1 536872209 1',
      'echo "--- v2"; timeout 5 rpcinfo -t 127.0.0.1 536872209 2 2>&1',
      'kill -INT $counter; wait $counter; echo "counter exited $?"',
      'echo "--- after"; timeout 5 rpcinfo -p 127.0.0.1',
      'kill $portmap; wait $portmap; rm -rf $out',
    ].join('\n');
    const result = spawnSync('unshare', ['-n', 'sh', '-c', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    const output = result.stdout;
    const port = portOf(output);
    expect(port).toBeGreaterThan(0);
    expect(output.split('--- -p')[1]!.split('--- -t')[0]).toMatch(new RegExp(`536872209\\s+1\\s+tcp\\s+${port}`));
    expect(output).toContain('program 536872209 version 1 ready and waiting');
    // Only version 1 is registered (rpcinfo asks the port mapper, so it never reaches the server).
    expect(output.split('--- v2')[1]!.split('counter exited')[0]).toMatch(/not registered/i);
    expect(output).toContain('counter exited 0');
    // Ctrl+C unregistered it.
    expect(output.split('--- after')[1]).not.toContain('536872209');
  }, 90_000);

  it('nc walks the connection server’s count, one count per connection; after kill -9 and a restart it starts again', async () => {
    requirePeer('nc');
    const first = await foreground(['inclass', '--kind', 'connection']);
    const port = portOf(first.line);
    const talk = (lines: number) => execFileSync('sh', ['-c', `printf '${'NEXT\\n'.repeat(lines)}' | timeout 5 nc -N 127.0.0.1 ${port}`], { encoding: 'utf8' });
    expect(talk(3).trim().split('\n')).toEqual(['ITEM 1', 'ITEM 2', 'ITEM 3']);
    // Each connection is its own state: a new one starts from 1.
    expect(talk(2).trim().split('\n')).toEqual(['ITEM 1', 'ITEM 2']);
    process.kill(Number(/pid (\d+)/.exec(first.line)?.[1]), 'SIGKILL');
    expect(await first.exited).toBe(1);
    const again = await foreground(['inclass', '--kind', 'connection', '--port', String(port)]);
    expect(talk(1).trim()).toBe('ITEM 1');
    expect(await again.stop()).toBe(0);
    expect(descendantProcessIds()).toEqual([]);
  }, 60_000);

  it('curl sees the last-page server remember a page per client address, and forget it when it is killed', async () => {
    requirePeer('curl');
    const started = await foreground(['inclass', '--kind', 'last-page']);
    const port = portOf(started.line);
    const curl = (path: string, from = '127.0.0.1') => execFileSync('curl', ['-s', '--max-time', '5', '--interface', from, `http://127.0.0.1:${port}${path}`], { encoding: 'utf8' }).trim();
    expect(curl('/')).toBe('/welcome');
    expect(curl('/lecture/clients')).toBe('/lecture/clients');
    expect(curl('/')).toBe('/lecture/clients');
    // Another address is another client (127.0.0.2 is this machine's loopback too).
    expect(curl('/', '127.0.0.2')).toBe('/welcome');
    // kill -9 the server process (the CLI's child): the CLI says so and exits with 1.
    const pid = Number(/pid (\d+)/.exec(started.line)?.[1]);
    process.kill(pid, 'SIGKILL');
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toMatch(/the server process \(pid \d+\) ended/);
    const again = await foreground(['inclass', '--kind', 'last-page', '--port', String(port)]);
    expect(curl('/')).toBe('/welcome');
    expect(await again.stop()).toBe(0);
    expect(descendantProcessIds()).toEqual([]);
  }, 60_000);
});
