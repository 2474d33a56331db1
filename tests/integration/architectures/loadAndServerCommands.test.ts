import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProclab } from '../cli/runProclab.ts';

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'proclab.js');

describe('proclab server and proclab load', () => {
  it('run a lab server in the foreground, load it like wrk, and stop it with Ctrl+C', async () => {
    const server = spawn(process.execPath, [bin, 'server', '--arch', 'prefork', '--workers', '2', '--port', '0', '--service-time', '2ms'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    server.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('close', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line:\n${stdout}\n${stderr}`)), 30_000);
        const check = (): void => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
          if (match && stderr.includes('Ctrl+C stops it')) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        };
        server.stdout.on('data', check);
        server.stderr.on('data', check);
      });
      expect(stderr).toContain('multiprocess');

      const closed = await runProclab(['load', url, '-c', '4', '-d', '1s', '--warmup', '200ms', '--json']);
      expect(closed.code).toBe(0);
      const closedResult = JSON.parse(closed.stdout);
      expect(closedResult).toMatchObject({ mode: 'closed', connections: 4, errors: 0 });
      expect(closedResult.requests).toBeGreaterThan(20);
      expect(closedResult.latencyMs.count).toBe(closedResult.requests);
      expect(closedResult.latencyMs.p999).toBeGreaterThanOrEqual(closedResult.latencyMs.p99);
      expect(closedResult.timeline.length).toBeGreaterThanOrEqual(8);

      const open = await runProclab(['load', url, '-c', '4', '-d', '1s', '-R', '100', '--arrival', 'constant', '--warmup', '0ms']);
      expect(open.code).toBe(0);
      expect(open.stdout).toMatch(/open loop: 100 req\/s offered, constant arrivals/);
      expect(open.stdout).toMatch(/from intended send \(corrected\)/);
      expect(open.stdout).toMatch(/from actual send \(uncorrected\)/);
      expect(open.stdout).toMatch(/^Requests\/sec: \d+/m);

      const refused = await runProclab(['load', 'http://example.com/']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/only loads servers on this machine/);
    } finally {
      server.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/stopped after \d+ requests served/);
  });
});
