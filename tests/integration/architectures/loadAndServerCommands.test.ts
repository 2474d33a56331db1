import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProclab } from '../cli/runProclab.ts';

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'proclab.js');
const directory = mkdtempSync(join(tmpdir(), 'proclab-load-'));
const database = join(directory, 'runs.sqlite');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('proclab server and proclab load', () => {
  it('run a lab server in the foreground, load it like wrk, and stop it with Ctrl+C', async () => {
    const server = spawn(process.execPath, [bin, 'server', '--arch', 'prefork', '--workers', '2', '--port', '0', '--service-time', '2ms', '--db', database], {
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

      const closed = await runProclab(['load', url, '-c', '4', '-d', '1s', '--warmup', '200ms', '--json', '--db', database]);
      expect(closed.code, closed.stderr).toBe(0);
      // The run as proclab run --json gives it: the architectures scenario's metrics.
      const closedRun = JSON.parse(closed.stdout);
      expect(closedRun).toMatchObject({ status: 'succeeded', checks: [], metrics: { target: url } });
      const [measured] = closedRun.metrics.measurements;
      expect(measured).toMatchObject({ loadMode: 'closed', errors: 0 });
      expect(measured.requests).toBeGreaterThan(20);
      expect(measured.latencyMs.count).toBe(measured.requests);
      expect(measured.latencyMs.p999).toBeGreaterThanOrEqual(measured.latencyMs.p99);
      expect(measured.measuredMs).toBeGreaterThanOrEqual(900);

      const open = await runProclab(['load', url, '-c', '4', '-d', '1s', '-R', '100', '--arrival', 'constant', '--warmup', '0ms', '--timeline', '--db', database]);
      expect(open.code, open.stderr).toBe(0);
      expect(open.stdout).toMatch(/open loop: 100 req\/s offered, constant arrivals/);
      expect(open.stdout).toMatch(/from intended send \(corrected\)/);
      expect(open.stdout).toMatch(/from actual send \(uncorrected\)/);
      expect(open.stdout).toMatch(/^Requests\/sec: \d+/m);
      expect(open.stdout.match(/^ +\d+\.\d +\d+ +[\d.-]+ +[\d.-]+ +\d+$/gm)?.length).toBeGreaterThanOrEqual(8);

      const refused = await runProclab(['load', 'http://example.com/', '--db', database]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/only loads servers on this machine/);
    } finally {
      server.kill('SIGINT');
    }
    // Stopped as it was meant to be: the run succeeded and says what the server did.
    expect(await exited, stderr).toBe(0);
    expect(stdout).toMatch(/^prefork server on http:\/\/127\.0\.0\.1:\d+\/ stopped after \d+ requests served/m);
    expect(stderr).toMatch(/stopped by the user after [\d.]+ s/);
    const runId = /recorded as run ([0-9a-f-]{36})/.exec(stderr)?.[1];
    expect(runId).toBeDefined();
    const history = await runProclab(['history', '--json', '--db', database]);
    const recorded = (JSON.parse(history.stdout) as { runId: string; status: string; metrics: { served: { requestsServed: number }[] } }[]).find((run) => run.runId === runId);
    expect(recorded?.status, `${runId}\n${history.stdout}\n${history.stderr}`).toBe('succeeded');
    expect(recorded!.metrics.served[0]!.requestsServed).toBeGreaterThan(100);
  });
});
