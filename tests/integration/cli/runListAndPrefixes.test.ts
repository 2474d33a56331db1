// The command line as a student types it: a mistyped command gets a suggestion, `proclab runs`
// lists runs with their checks and the lab's declared headline (the window's History line), a
// run is named by the start of its id, and export refuses a file it cannot write.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProclab } from './runProclab.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-cli-runs-'));
const database = join(directory, 'runs.sqlite');
let runId = '';

beforeAll(async () => {
  const result = await runProclab(
    ['run', 'server-architectures', '--set', 'load.duration=400ms', '--set', 'load.warmup=100ms', '--set', 'load.connections=2', '--json', '--db', database],
    { timeoutMs: 90_000 },
  );
  expect(result.code, result.stderr).toBe(0);
  runId = (JSON.parse(result.stdout) as { runId: string }).runId;
}, 120_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('proclab runs, run id prefixes and export names', () => {
  it('suggests the command a typo meant', async () => {
    const result = await runProclab(['lsit']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('proclab: unknown command "lsit" (did you mean "list"?); see proclab --help\n');
    const far = await runProclab(['frobnicate']);
    expect(far.stderr).not.toContain('did you mean');
  });

  it('lists runs with their checks passed and the headline the engine declares, in either language', async () => {
    const english = await runProclab(['runs', '--lab', 'server-architectures', '--db', database]);
    expect(english.code).toBe(0);
    const [line] = english.stdout.trim().split('\n');
    expect(line).toMatch(new RegExp(`^${runId.slice(0, 8)}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  server-architectures\\s+succeeded\\s+\\d+/\\d+\\s+[\\d.]+ s  iterative: [\\d,]+ req/s, p99 [\\d.]+ (µs|ms|s) · thread-pool: `));
    const portuguese = await runProclab(['history', '--language', 'pt-BR', '--db', database]);
    expect(portuguese.stdout).toMatch(/p99 \d+(,\d+)? (µs|ms|s)/);
    const otherLab = await runProclab(['runs', '--lab', 'vm-migration', '--db', database]);
    expect(otherLab.stdout).toBe('');
  });

  it('exports a run named by the start of its id, and refuses unknown, ambiguous or unwritable names', async () => {
    const out = join(directory, 'report.html');
    const exported = await runProclab(['export', runId.slice(0, 8), '--out', out, '--db', database]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(existsSync(out)).toBe(true);

    const docx = join(directory, 'report.docx');
    const refused = await runProclab(['export', runId, '--out', docx, '--db', database]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/HTML \(\.html\) or PDF \(\.pdf\)/);
    expect(existsSync(docx)).toBe(false);

    const unknown = await runProclab(['export', runId.startsWith('0000') ? 'ffff' : '0000', '--out', out, '--db', database]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no recorded run has an id starting with/);
    const notAnId = await runProclab(['export', 'x;rm', '--out', out, '--db', database]);
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toMatch(/is not a run id/);
  });
});
