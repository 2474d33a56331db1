import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProclab } from './runProclab.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-instructor-cli-'));
const home = join(directory, 'home');
const env = { PROCLAB_HOME: home, PROCLAB_STUDENT_ID: '' };
const labFolder = join(directory, 'my-course-lab');
const report = join(directory, 'report.html');
const pack = join(directory, 'my-course-lab.proclab');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const quick = ['--set', 'creation.repetitions=2', '--set', 'roundTrip.roundTrips=20', '--set', 'roundTrip.sharedMemory=false', '--set', 'blocking.duration=300ms', '--set', 'blocking.requestEvery=150ms'];

describe('proclab for instructors', () => {
  it('has help for every new command', async () => {
    const overview = await runProclab(['--help']);
    for (const command of ['verify', 'rerun', 'grade', 'pack', 'import', 'new-lab']) {
      expect(overview.stdout).toContain(`proclab ${command}`);
      const help = await runProclab([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^usage: proclab ${command}`));
    }
  });

  it('scaffolds a lab that validates and runs, with a variant for the student', async () => {
    const created = await runProclab(['new-lab', 'my-course-lab', '--engine', 'threads-processes', '--dir', directory], { env });
    expect(created.code).toBe(0);
    // Give it a variable, as an instructor would next.
    writeFileSync(join(labFolder, 'lab.yaml'), readFileSync(join(labFolder, 'lab.yaml'), 'utf8').replace(/^variables: \[\]$/m, 'variables:\n  - { id: pool, path: blocking.poolSize, title: { en: Pool, pt-BR: Pool }, range: { from: 2, to: 4, step: 1 } }'));
    const validated = await runProclab(['validate', labFolder], { env });
    expect(validated.stdout).toContain('valid threads-processes lab my-course-lab (1 question(s), 0 check(s), 0 hidden, 1 variable(s))');
    expect(validated.code).toBe(0);
    const run = await runProclab(['run', labFolder, '--student', 'Ana.Silva', ...quick, '--db', join(directory, 'runs.sqlite'), '--report', report, '--json', '--seed', '11'], { env, timeoutMs: 90_000 });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'succeeded' });
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<code>ana.silva</code>');
    expect(html).toMatch(/<code>blocking\.poolSize<\/code> = <code>[234]<\/code>/);
  });

  it('points at a mistake in a lab folder with file:line:col', async () => {
    const broken = join(directory, 'broken-lab');
    mkdirSync(broken);
    for (const name of ['scenario.yaml', 'instructions.en.md', 'instructions.pt-BR.md']) writeFileSync(join(broken, name), readFileSync(join(labFolder, name)));
    writeFileSync(join(broken, 'lab.yaml'), 'id: broken-lab\nengine: threads-processes\ntitle: { en: x, pt-BR: x }\nsummary: { en: x, pt-BR: x }\nvariables:\n  - id: call\n    path: blocking.blockingCall\n    title: { en: c, pt-BR: c }\n    values: [10ms, banana]\n');
    const result = await runProclab(['validate', broken], { env });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`${join(broken, 'lab.yaml')}:9:20: variable "call" = banana makes the lab's scenario invalid: blocking.blockingCall: expected a duration with a unit, like 250ms or 5s; got "banana"`);
  });

  it('verifies a report: {ok, problems} and exit 0 as exported, a problem per edit and exit 1 once edited', async () => {
    const clean = await runProclab(['verify', report, '--json', '--lab', labFolder], { env });
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({ ok: true, problems: [], notes: [], report: { runId: expect.any(String), labId: 'my-course-lab', studentId: 'ana.silva' } });
    const html = readFileSync(report, 'utf8');
    const edited = join(directory, 'edited.html');
    writeFileSync(edited, html.replace('<code>ana.silva</code>', '<code>bruno</code>'));
    const result = await runProclab(['verify', edited, '--json'], { env });
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { ok: boolean; problems: { kind: string; where: string; expected: string; found: string }[] };
    expect(output.ok).toBe(false);
    expect(output.problems).toEqual([{ kind: 'page', where: 'student › Student id', expected: 'ana.silva', found: 'bruno' }]);
    const missing = await runProclab(['verify', join(directory, 'nope.html')], { env });
    expect(missing.code).toBe(2);
  });

  it('packs the lab without its instructor folder, imports it, and lists it beside the shipped labs', async () => {
    writeFileSync(join(labFolder, 'instructor', 'hidden-checks.yaml'), 'checks:\n  - id: secret-one\n    title: { en: "Secret title", pt-BR: "Título secreto" }\n    expect: { left: "blocking[design=worker-pool].p99LatenessMs", op: "<", right: "1000" }\n');
    const packed = await runProclab(['pack', labFolder, '--out', pack], { env });
    expect(packed.code).toBe(0);
    expect(packed.stdout).toContain('1 hidden check(s) left out');
    const text = readFileSync(pack, 'utf8');
    expect(text).not.toContain('secret-one');
    expect(text).not.toContain('Secret title');
    expect(text).not.toContain('instructor/');
    const imported = await runProclab(['import', pack], { env });
    expect(imported.code).toBe(0);
    expect(existsSync(join(home, 'labs', 'my-course-lab', 'lab.yaml'))).toBe(true);
    const listed = await runProclab(['list'], { env });
    expect(listed.stdout).toMatch(/^my-course-lab\s+my-course-lab — .*\(imported\)$/m);
    expect(listed.stdout).toMatch(/^server-architectures\s/m);
  });

  it('refuses a damaged pack with file:line:col and keeps the catalog whole when an imported lab is broken', async () => {
    const damaged = join(directory, 'damaged.proclab');
    writeFileSync(damaged, readFileSync(pack, 'utf8').replace('Run the default scenario.', 'Run something else.'));
    const result = await runProclab(['import', damaged], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${damaged}:\\d+:\\d+: instructions\\.en\\.md is damaged: its content does not match its SHA-256$`, 'm'));
    const notJson = join(directory, 'not-json.proclab');
    writeFileSync(notJson, '{\n  "format": "proclab-lab-pack/1",\n  "files": [\n');
    expect((await runProclab(['import', notJson], { env })).stderr).toMatch(new RegExp(`^${notJson}:\\d+:\\d+: not a lab pack \\(the file is not JSON`));

    mkdirSync(join(home, 'labs', 'half-imported'));
    writeFileSync(join(home, 'labs', 'half-imported', 'lab.yaml'), 'id: half-imported\n');
    const listed = await runProclab(['list'], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^my-course-lab\s/m);
    expect(listed.stderr).toContain('a lab was left out');
    expect(listed.stderr).toContain('half-imported');
  });

  it('reruns a report’s scenario and seed and sets the numbers side by side', async () => {
    const result = await runProclab(['rerun', report, '--json', '--db', join(directory, 'runs.sqlite')], { env, timeoutMs: 90_000 });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { status: string; metrics: { what: string; reported: number; rerun: number; ratio: number | null; far: boolean }[] };
    expect(output.status).toBe('succeeded');
    const blockMs = output.metrics.find((row) => row.what === 'blocking[design=event-loop].blockMs');
    // The scenario is the same, so what it sets is the same; what was measured is set beside it.
    expect(blockMs).toMatchObject({ ratio: 1, far: false });
    expect(output.metrics.find((row) => row.what === 'creation[kind=thread].p50Us')).toMatchObject({ reported: expect.any(Number), rerun: expect.any(Number) });
  });
});
