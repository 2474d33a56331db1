import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runProclab } from './runProclab.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-cli-'));
const database = join(directory, 'runs.sqlite');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('proclab command', () => {
  it('has help for itself and every command', async () => {
    const overview = await runProclab(['--help']);
    expect(overview.code).toBe(0);
    for (const command of ['list', 'validate', 'run', 'serve', 'export']) {
      expect(overview.stdout).toContain(`proclab ${command}`);
      const help = await runProclab([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^usage: proclab ${command}`));
    }
  });

  it('lists the labs', async () => {
    const result = await runProclab(['list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^server-architectures\s+Server architectures/m);
  });

  it('refuses a broken scenario with file:line:col and exit code 2', async () => {
    const file = join(directory, 'broken.yaml');
    writeFileSync(file, 'engine: architectures\nservers:\n  - name: a\n    architecture: quantum\nload:\n  duration: 5 parsecs\n  conections: 3\n');
    const result = await runProclab(['validate', file]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${file}:4:19: error: servers\\.0\\.architecture must be one of `)),
      expect.stringMatching(new RegExp(`^${file}:6:13: error: load\\.duration: unknown duration unit "parsecs"`)),
      expect.stringMatching(new RegExp(`^${file}:7:3: error: unknown key "conections"`)),
    ]);
    noStackTrace(result.stderr);
  });

  it('reports YAML syntax errors and bad flags as bad input', async () => {
    const file = join(directory, 'syntax.yaml');
    writeFileSync(file, 'engine: architectures\nservers: [\n');
    const syntax = await runProclab(['validate', file]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(new RegExp(`^${file}:\\d+:\\d+: error: `));
    const flag = await runProclab(['run', 'server-architectures', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^proclab run: error: unknown flag --bogus$/m);
    const missing = await runProclab(['validate', join(directory, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    noStackTrace(flag.stderr + syntax.stderr + missing.stderr);
  });

  it('points --set mistakes at the overridden value', async () => {
    const result = await runProclab(['run', 'server-architectures', '--set', 'load.duration=banana', '--db', database]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/scenario\.yaml \(with --set\):\d+:\d+: error: load\.duration: expected a duration/);
  });

  it('runs the lab with overrides, prints JSON metrics per architecture, and exports the run', async () => {
    const report = join(directory, 'report.html');
    const result = await runProclab(
      ['run', 'server-architectures', '--set', 'load.duration=1s', '--set', 'load.warmup=200ms', '--set', 'load.connections=8', '--json', '--db', database, '--report', report, '--seed', '7'],
      { timeoutMs: 90_000 },
    );
    // On a busy machine the run warns that other processes took cores from a server; nothing else may appear.
    expect(result.stderr.split('\n').filter((line) => line !== '' && !/^warn: server .* other processes kept [\d.]+ cores busy/.test(line))).toEqual([]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { runId: string; status: string; metrics: { servers: Record<string, unknown>[] } };
    expect(output.status).toBe('succeeded');
    expect(output.metrics.servers.map((server) => server.architecture)).toEqual(['iterative', 'thread-pool', 'event-driven']);
    for (const server of output.metrics.servers) {
      expect(server).toEqual({
        name: expect.any(String),
        architecture: expect.any(String),
        requests: expect.any(Number),
        throughputRps: expect.any(Number),
        latencyMs: { p50: expect.any(Number), p90: expect.any(Number), p99: expect.any(Number), max: expect.any(Number) },
        errors: 0,
      });
      expect(server.requests).toBeGreaterThan(0);
    }
    expect(readFileSync(report, 'utf8')).toContain(output.runId);

    const exported = join(directory, 'exported.html');
    const exportResult = await runProclab(['export', output.runId, '--out', exported, '--db', database]);
    expect(exportResult.code).toBe(0);
    expect(existsSync(exported)).toBe(true);
    expect(exportResult.stdout).toMatch(/sha256 [0-9a-f]{64}/);

    const pdf = join(directory, 'exported.pdf');
    const pdfResult = await runProclab(['export', output.runId, '--out', pdf, '--language', 'pt-BR', '--db', database], { timeoutMs: 90_000 });
    expect(pdfResult.stderr).toBe('');
    expect(pdfResult.code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    const unknown = await runProclab(['export', '00000000-0000-4000-8000-000000000000', '--out', exported, '--db', database]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no run');
  });

  it('cancels a run on Ctrl+C, releases its servers and exits 1', async () => {
    let pid = 0;
    let readStderr = () => '';
    const pending = runProclab(['run', 'server-architectures', '--set', 'load.duration=30s', '--db', database], {
      timeoutMs: 30_000,
      onStarted: (childPid, stderr) => {
        pid = childPid;
        readStderr = stderr;
      },
    });
    const started = Date.now();
    while (!/run [0-9a-f-]{36}/.test(readStderr()) && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    process.kill(pid, 'SIGINT');
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/cancelled/);
  });

  it('says so when the browser-mode port is taken, without a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await runProclab(['serve', '--port', String(port), '--db', database]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      noStackTrace(result.stderr);
    } finally {
      blocker.close();
    }
  });
});
