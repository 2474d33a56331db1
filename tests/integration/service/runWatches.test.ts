// Watching runs through the service's connections, the one registry every face goes through.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, RunWatch } from '../../../preload/api.ts';
import { LabService } from '../../../main/service/labService.ts';
import { maxWatchesPerConnection } from '../../../main/service/runWatches.ts';

const labId = 'server-architectures';
const scenario = (duration: string) =>
  `engine: architectures\nservers:\n  - name: e\n    architecture: event-driven\nload:\n  duration: ${duration}\n  warmup: 100ms\n  connections: 2\n`;

let directory: string;
let service: LabService;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'proclab-watches-'));
  service = new LabService({ databasePath: join(directory, 'runs.sqlite'), face: 'browser' });
});

afterAll(async () => {
  await service.close();
  rmSync(directory, { recursive: true, force: true });
});

async function startRun(duration: string): Promise<string> {
  const started = await service.startRun({ labId, scenarioText: scenario(duration) });
  if (!started.ok) throw new Error(started.error.message);
  return started.value.runId;
}

describe('run watches', () => {
  it('tag each connection’s events with its own watch ids, and end with the connection', async () => {
    const runId = await startRun('800ms');
    const first: [string, RunEvent][] = [];
    const second: [string, RunEvent][] = [];
    const one = service.connect((watchId, event) => first.push([watchId, event]));
    const two = service.connect((watchId, event) => second.push([watchId, event]));
    const watchOne = (await one.call('watchRun', [runId])) as { ok: true; value: RunWatch };
    const watchTwo = (await two.call('watchRun', [runId])) as { ok: true; value: RunWatch };
    expect(watchOne.ok && watchTwo.ok).toBe(true);
    expect(watchOne.value.watchId).not.toBe(watchTwo.value.watchId);
    await expect.poll(() => first.length, { timeout: 10_000 }).toBeGreaterThan(0);
    two.close();
    const secondAtClose = second.length;
    await service.whenFinished(runId);
    expect(first.every(([watchId]) => watchId === watchOne.value.watchId)).toBe(true);
    expect(first.at(-1)![1]).toMatchObject({ kind: 'status', status: 'succeeded' });
    expect(second.length).toBe(secondAtClose);
    expect(await two.call('watchRun', [runId])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // A run's watch ends when the run does, so it does not hold a place.
    expect(one.watchCount).toBe(0);
  });

  it(`let one connection watch at most ${maxWatchesPerConnection} runs at once, in process too`, async () => {
    const runId = await startRun('20s');
    const connection = service.connect(() => undefined);
    const answers = await Promise.all(Array.from({ length: maxWatchesPerConnection + 3 }, () => connection.call('watchRun', [runId])));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(maxWatchesPerConnection);
    expect(answers.filter((answer) => !answer.ok)).toEqual(
      Array.from({ length: 3 }, () => ({ ok: false, error: { code: 'conflict', message: `a connection may watch at most ${maxWatchesPerConnection} runs at once; stop watching one first` } })),
    );
    const firstWatch = answers[0] as { ok: true; value: RunWatch };
    expect(await connection.call('unwatchRun', [firstWatch.value.watchId])).toEqual({ ok: true, value: null });
    expect((await connection.call('watchRun', [runId])).ok).toBe(true);
    // Another connection has its own places.
    expect((await service.connect(() => undefined).call('watchRun', [runId])).ok).toBe(true);

    const inProcess = await Promise.all(Array.from({ length: maxWatchesPerConnection + 1 }, () => service.watchRun(runId, () => undefined)));
    expect(inProcess.filter((answer) => !answer.ok)).toHaveLength(1);
    for (const answer of inProcess) if (answer.ok) answer.value();
    expect((await service.watchRun(runId, () => undefined)).ok).toBe(true);

    connection.close();
    expect(connection.watchCount).toBe(0);
    expect((await service.cancelRun(runId)).ok).toBe(true);
    await service.whenFinished(runId);
  });

  it('tell a page that watches an ended run how it ended, at once', async () => {
    const runId = await startRun('300ms');
    await service.whenFinished(runId);
    const events: [string, RunEvent][] = [];
    const connection = service.connect((watchId, event) => events.push([watchId, event]));
    const watched = (await connection.call('watchRun', [runId])) as { ok: true; value: RunWatch };
    await expect.poll(() => events).toEqual([[watched.value.watchId, { kind: 'status', runId, status: 'succeeded' }]]);
    expect(connection.watchCount).toBe(0);
  });

  it('check watch ids and method names like every other argument', async () => {
    const connection = service.connect(() => undefined);
    for (const watchId of [undefined, 42, { $ne: null }, 'watch-1', 'x'.repeat(100)]) {
      expect(await connection.call('unwatchRun', [watchId])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    expect(await connection.call('unwatchRun', ['00000000-0000-4000-8000-000000000000'])).toEqual({ ok: true, value: null });
    expect(await connection.call('watchRun', ['00000000-0000-4000-8000-000000000000'])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await connection.call('toString', [])).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'there is no method "toString"' } });
    expect(await connection.call({ method: 'listLabs' }, [])).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: "a method's name must be text, not object" } });
    expect(await connection.call('listLabs', 'not a list')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});
