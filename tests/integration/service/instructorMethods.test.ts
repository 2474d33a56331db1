import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packChecksum, sha256Hex, type LabPack } from '../../../main/packs/labPackFormat.ts';
import { createLabPack } from '../../../main/packs/labPackWriter.ts';
import { scaffoldLab } from '../../../main/lab/labScaffold.ts';
import { LabService } from '../../../main/service/labService.ts';

let directory: string;
let service: LabService;

const quickThreads = `engine: threads-processes
creation:
  repetitions: 2
roundTrip:
  roundTrips: 20
  messageSize: 64B
  sharedMemory: false
blocking:
  duration: 300ms
  tickInterval: 5ms
  blockingCall: 60ms
  requestEvery: 150ms
  poolSize: 2
`;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'proclab-instructor-service-'));
  service = new LabService({ databasePath: join(directory, 'runs.sqlite'), userLabsDirectory: join(directory, 'user-labs'), face: 'browser' });
});

afterAll(async () => {
  await service.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the instructor methods of the contract', () => {
  it('gives a student their variant: stable, shown in the scenario, recorded with the run', async () => {
    const first = await service.getVariant('threads-processes', ' A2025-17 ');
    const again = await service.getVariant('threads-processes', 'a2025-17');
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.value).toEqual(first.value);
    expect(first.value).toMatchObject({ labId: 'threads-processes', studentId: 'a2025-17', saltFingerprint: 'unsalted', derivation: 'proclab-variant/1' });
    const call = first.value.values.find((value) => value.id === 'blocking-call')!;
    expect(['60ms', '80ms', '100ms', '120ms', '140ms']).toContain(call.value);
    expect(first.value.scenarioText).toContain(`blockingCall: ${call.value}`);

    const started = await service.startRun({ labId: 'threads-processes', scenarioText: quickThreads, seed: 3, studentId: 'A2025-17' });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    await service.whenFinished(started.value.runId);
    const run = await service.getRun(started.value.runId);
    expect(run.ok && run.value.student).toEqual({ studentId: 'a2025-17', values: first.value.values, saltFingerprint: 'unsalted', derivation: 'proclab-variant/1' });
  });

  it('saves answers with a run, refuses a question the lab does not have, and validates every argument', async () => {
    const started = await service.startRun({ labId: 'threads-processes', scenarioText: quickThreads, seed: 4 });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.value.runId;
    // Written while the run is still going, as a student would.
    const saved = await service.saveAnswer(runId, 'q1', 'Creating a process took **longer**.');
    expect(saved).toMatchObject({ ok: true, value: { questionId: 'q1', markdown: 'Creating a process took **longer**.' } });
    await service.whenFinished(runId);
    const run = await service.getRun(runId);
    expect(run.ok && run.value.answers.map((answer) => answer.markdown)).toEqual(['Creating a process took **longer**.']);
    const report = await service.exportReport(runId);
    expect(report.ok && report.value.html).toContain('Creating a process took <strong>longer</strong>.');

    expect(await service.saveAnswer(runId, 'q99', 'x')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await service.saveAnswer(runId, 'q1', 'x'.repeat(65 * 1024))).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await service.saveAnswer(runId, '../q1', 'x')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await service.saveAnswer(runId, 'q1', { markdown: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await service.saveAnswer('00000000-0000-4000-8000-000000000000', 'q1', 'x')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await service.getVariant('threads-processes', 'not an id')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await service.getVariant('no-such-lab', 'a1')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await service.startRun({ labId: 'threads-processes', scenarioText: quickThreads, studentId: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('imports a lab pack into the user labs folder and lists it; a broken pack installs nothing', async () => {
    const instructorLabs = join(directory, 'instructor');
    mkdirSync(instructorLabs);
    const lab = scaffoldLab(instructorLabs, 'course-threads', 'threads-processes', 'salt-of-the-course');
    const { text } = createLabPack(lab.folder, { courseSalt: 'salt-of-the-course', createdBy: 'test' });
    const imported = await service.importLabPack(text);
    expect(imported).toEqual({ ok: true, value: { labId: 'course-threads', title: { en: 'course-threads', 'pt-BR': 'course-threads' }, replaced: false } });
    const listed = await service.listLabs();
    expect(listed.ok && listed.value.find((summary) => summary.id === 'course-threads')).toMatchObject({ origin: 'imported' });
    const variant = await service.getVariant('course-threads', 'a1');
    expect(variant.ok && variant.value.saltFingerprint).not.toBe('unsalted');
    expect(existsSync(join(directory, 'user-labs', 'course-threads', 'instructor'))).toBe(false);

    expect(await service.importLabPack(text)).toMatchObject({ ok: true, value: { replaced: true } });
    const broken = await service.importLabPack(text.replace('engine: threads-processes', 'engine: nonsense'));
    expect(broken).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(!broken.ok && broken.error.message).toMatch(/^the lab pack:\d+:\d+: .*damaged/);
    // A pack whose hashes hold but whose lab does not validate: the problem points into the lab file.
    const pack = JSON.parse(text) as LabPack;
    const labFile = pack.files.find((file) => file.path === 'lab.yaml')!;
    labFile.content = labFile.content.replace('engine: threads-processes', 'engine: nonsense');
    labFile.sha256 = sha256Hex(labFile.content);
    pack.checksum = packChecksum(pack.labId, pack.courseSalt, pack.files);
    const invalid = await service.importLabPack(JSON.stringify(pack, null, 2));
    expect(!invalid.ok && invalid.error.message).toBe('the lab pack/lab.yaml:3:9: unknown engine "nonsense"');
    const stillThere = await service.getLab('course-threads');
    expect(stillThere.ok && stillThere.value.engine).toBe('threads-processes');
    expect(await service.importLabPack('{"format": "something else"}')).toMatchObject({ ok: false, error: { message: 'the lab pack:1:12: not a lab pack this proclab reads (format "something else"; expected "proclab-lab-pack/1")' } });
    expect(await service.importLabPack(42)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const shipped = JSON.parse(text) as { labId: string };
    shipped.labId = 'threads-processes';
    expect(await service.importLabPack(JSON.stringify(shipped))).toMatchObject({ ok: false });
    expect((await service.getLab('threads-processes')).ok).toBe(true);
  });
});
