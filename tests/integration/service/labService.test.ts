import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../preload/api.ts';
import { LabService } from '../../../main/service/labService.ts';
import { RunStore } from '../../../main/store/runStore.ts';

const labId = 'server-architectures';
let directory: string;
let service: LabService;

const quickScenario = (duration: string) => `engine: architectures
servers:
  - name: iterative
    architecture: iterative
  - name: event-driven
    architecture: event-driven
workload:
  kind: io
  serviceTime: 5ms
load:
  connections: 4
  duration: ${duration}
  warmup: 100ms
`;

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'proclab-service-'));
  service = new LabService({ databasePath: join(directory, 'runs.sqlite'), face: 'cli' });
});

afterAll(async () => {
  await service.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('LabService at the boundary', () => {
  it('answers hostile arguments with invalid-argument values, never a throw', async () => {
    const answers = await Promise.all([
      service.getLab(42),
      service.getLab('../../etc/passwd'),
      service.validateScenario(labId, { text: 'x' }),
      service.startRun({ labId, scenarioText: 5 }),
      service.startRun({ labId, scenarioText: '', extra: true }),
      service.startRun({ labId, scenarioText: 'engine: architectures', seed: -1 }),
      service.startRun(null),
      service.startRun({ labId, scenarioText: 'x'.repeat(300 * 1024) }),
      service.listRuns({ limit: -1 }),
      service.listRuns('all'),
      service.cancelRun('not-a-run-id'),
      service.getRun({}),
      service.deleteRun(undefined),
      service.exportReport('00000000-0000-4000-8000-000000000000', 'fr'),
      service.exportHandinReport(labId, 'all'),
      service.exportHandinReport(labId, []),
      service.exportHandinReport(labId, ['not-a-run-id']),
      service.exportHandinReport(labId, ['00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000']),
      service.exportHandinReport(labId, Array.from({ length: 25 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`)),
      service.exportHandinReport(labId, ['00000000-0000-4000-8000-000000000000'], 'fr'),
      service.exportHandinReport({ labId }, ['00000000-0000-4000-8000-000000000000']),
      service.watchRun('00000000-0000-4000-8000-000000000000', 'not a function'),
    ]);
    for (const answer of answers) {
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('invalid-argument');
    }
  });

  it('says not-found for labs and runs that do not exist', async () => {
    const lab = await service.getLab('no-such-lab');
    const run = await service.getRun('00000000-0000-4000-8000-000000000000');
    expect(lab).toEqual({ ok: false, error: { code: 'not-found', message: 'there is no lab "no-such-lab"' } });
    expect(run.ok === false && run.error.code).toBe('not-found');
  });

  it('gives the lab with its instructions, scenario and JSON Schema', async () => {
    const lab = await service.getLab(labId);
    expect(lab.ok).toBe(true);
    if (!lab.ok) return;
    expect(lab.value.instructionsHtml.en).toContain('<h');
    expect(lab.value.instructionsHtml['pt-BR']).not.toBe(lab.value.instructionsHtml.en);
    expect(lab.value.defaultScenario).toContain('engine: architectures');
    type Documented = { description: string; properties?: Record<string, Documented> };
    const schemas = lab.value.scenarioJsonSchema as Record<'en' | 'pt-BR', { properties: Record<string, Documented> }>;
    expect(schemas.en.properties.load!.properties!.duration).toMatchObject({ type: 'string', description: expect.stringContaining('How long each server is measured') });
    expect(schemas['pt-BR'].properties.load!.properties!.duration).toMatchObject({ type: 'string', description: expect.stringContaining('Por quanto tempo cada servidor é medido') });
    expect(lab.value.tables.map((table) => table.id)).toContain('servers');
    const diagnostics = await service.validateScenario(labId, lab.value.defaultScenario);
    expect(diagnostics).toEqual({ ok: true, value: [] });
  });

  it('refuses an invalid scenario with its position, and a scenario for another engine', async () => {
    const broken = await service.startRun({ labId, scenarioText: quickScenario('2 lightyears') });
    expect(broken.ok === false && broken.error).toMatchObject({ code: 'invalid-scenario', message: expect.stringMatching(/^line 12, column 13: /) });
    const diagnostics = await service.validateScenario(labId, 'engine: other\n');
    expect(diagnostics.ok && diagnostics.value[0]).toMatchObject({ line: 1, column: 9, message: expect.stringContaining('unknown engine') });
  });

  it('runs, streams events, records samples, and answers a second run with conflict', async () => {
    const events: RunEvent[] = [];
    const started = await service.startRun({ labId, scenarioText: quickScenario('1s'), seed: 11 });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const { runId } = started.value;
    const unwatch = await service.watchRun(runId, (event: RunEvent) => events.push(event));
    const second = await service.startRun({ labId, scenarioText: quickScenario('1s') });
    expect(second.ok === false && second.error.code).toBe('conflict');
    const finished = await service.whenFinished(runId)!;
    if (unwatch.ok) unwatch.value();
    expect(finished.status).toBe('succeeded');
    expect(events.filter((event) => event.kind === 'sample').length).toBeGreaterThan(4);
    expect(events.some((event) => event.kind === 'progress')).toBe(true);
    expect(events.at(-1)).toEqual({ kind: 'status', runId, status: 'succeeded' });
    const run = await service.getRun(runId);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.value.seed).toBe(11);
    expect(run.value.samples.length).toBe(events.filter((event) => event.kind === 'sample').length);
    // Samples come at least every 250 ms per server while it is measured.
    const iterativeTimes = run.value.samples.filter((sample) => sample.series === 'iterative').map((sample) => sample.timeMs);
    for (let index = 1; index < iterativeTimes.length; index += 1) expect(iterativeTimes[index]! - iterativeTimes[index - 1]!).toBeLessThan(400);
    const list = await service.listRuns({ labId });
    expect(list.ok && list.value.map((summary) => summary.runId)).toContain(runId);
    const report = await service.exportReport(runId, 'pt-BR');
    expect(report.ok && report.value.html).toContain(runId);
    const handin = await service.exportHandinReport(labId, [runId], 'pt-BR');
    expect(handin.ok && handin.value.runIds).toEqual([runId]);
    expect(handin.ok && handin.value.html).toContain('Relatório de entrega · 1 execução');
    const otherLab = await service.exportHandinReport('threads-processes', [runId]);
    expect(otherLab).toEqual({ ok: false, error: { code: 'invalid-argument', message: `run ${runId} is a run of lab ${labId}, not of threads-processes` } });
    const unknown = await service.exportHandinReport(labId, [runId, '00000000-0000-4000-8000-000000000000']);
    expect(unknown.ok === false && unknown.error.code).toBe('not-found');
  });

  it('cancels a run promptly and releases every server port', async () => {
    const started = await service.startRun({ labId, scenarioText: quickScenario('30s') });
    if (!started.ok) throw new Error(started.error.message);
    const { runId } = started.value;
    const ports: number[] = [];
    await service.watchRun(runId, (event: RunEvent) => {
      if (event.kind === 'timeline' && typeof event.event.data?.port === 'number') ports.push(event.event.data.port);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const cancelAt = Date.now();
    expect(await service.cancelRun(runId)).toEqual({ ok: true, value: null });
    const finished = await service.whenFinished(runId)!;
    expect(Date.now() - cancelAt).toBeLessThan(5_000);
    expect(finished.status).toBe('cancelled');
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(await portIsClosed(port)).toBe(true);
    const again = await service.cancelRun(runId);
    expect(again.ok === false && again.error.code).toBe('conflict');
  });

  it('marks a run left "running" by a crashed process as interrupted, keeping its samples', async () => {
    const path = join(directory, 'crashed.sqlite');
    const store = RunStore.open(path);
    store.createRun({
      runId: '11111111-1111-4111-8111-111111111111',
      labId,
      engine: 'architectures',
      seed: 1,
      scenarioText: quickScenario('1s'),
      scenarioHash: 'x',
      environment: JSON.parse(readFileSync(join(import.meta.dirname, 'environment.json'), 'utf8')),
      createdAt: new Date().toISOString(),
    });
    store.markRunning('11111111-1111-4111-8111-111111111111', new Date().toISOString());
    store.appendSample('11111111-1111-4111-8111-111111111111', { timeMs: 10, series: 'iterative', values: { throughputRps: 5 } });
    store.close();
    const reopened = new LabService({ databasePath: path, face: 'cli' });
    expect(reopened.interruptedRunIds).toEqual(['11111111-1111-4111-8111-111111111111']);
    const run = await reopened.getRun('11111111-1111-4111-8111-111111111111');
    expect(run.ok && run.value.status).toBe('interrupted');
    expect(run.ok && run.value.samples).toHaveLength(1);
    await reopened.close();
  });
});
