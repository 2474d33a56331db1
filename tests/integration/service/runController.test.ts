import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../preload/api.ts';
import { EngineFailure, type Engine } from '../../../main/engines/engine.ts';
import { RunController } from '../../../main/runs/runController.ts';
import { describeEnvironment } from '../../../main/runs/runEnvironment.ts';
import { schema } from '../../../main/scenario/schema.ts';
import { RunStore } from '../../../main/store/runStore.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-runner-'));
const store = RunStore.open(join(directory, 'runs.sqlite'));
const runner = new RunController(store, describeEnvironment('cli'));
afterAll(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

/** An engine whose server "dies" after it has measured a little, as a crashed worker would look. */
function engineThatDies(released: string[]): Engine {
  return {
    name: 'dies',
    scenarioSchema: schema.object({ description: { en: 'nothing', 'pt-BR': 'nada' }, fields: {} }),
    charts: [],
    tables: [],
    estimateDurationMs: () => 500,
    async run(_scenario, context) {
      context.defer('close the port', () => {
        released.push('port');
      });
      context.defer('end the worker', async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        released.push('worker');
      });
      context.defer('a release that throws', () => {
        throw new Error('already gone');
      });
      for (let index = 0; index < 3; index += 1) {
        context.sample('server', { throughputRps: 100 + index });
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      throw new EngineFailure('server "s" stopped during the measurement: worker exited with code 1');
    },
  };
}

describe('the runner', () => {
  it('records a run whose engine fails mid-run: the error, what was measured, and every release', async () => {
    const released: string[] = [];
    const events: RunEvent[] = [];
    const runId = runner.start({ labId: 'test', engine: engineThatDies(released), scenario: {}, scenarioText: 'engine: dies\n', seed: 3, checks: [] });
    runner.events.watch(runId, (event) => events.push(event));
    const finished = await runner.whenFinished(runId)!;
    expect(finished.status).toBe('failed');
    expect(finished.error).toEqual({ code: 'unavailable', message: 'server "s" stopped during the measurement: worker exited with code 1' });
    // Released in reverse order of registration; one failing release does not stop the others.
    expect(released).toEqual(['worker', 'port']);
    const run = store.getRun(runId)!;
    expect(run.status).toBe('failed');
    expect(run.samples.map((sample) => sample.values.throughputRps)).toEqual([100, 101, 102]);
    expect(run.log.map((line) => line.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('releasing a release that throws failed: already gone'), expect.stringContaining('stopped during the measurement')]),
    );
    expect(events.at(-1)).toMatchObject({ kind: 'status', status: 'failed', error: { code: 'unavailable' } });
    expect(runner.activeRunId).toBeUndefined();
  });

  it('reports an unexpected engine crash as an internal error, without a stack trace in the message', async () => {
    const crashing: Engine = { ...engineThatDies([]), run: async () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'port')")) };
    const runId = runner.start({ labId: 'test', engine: crashing, scenario: {}, scenarioText: 'engine: dies\n', seed: 3, checks: [] });
    const finished = await runner.whenFinished(runId)!;
    expect(finished.status).toBe('failed');
    expect(finished.error?.code).toBe('internal');
    expect(finished.error?.message).toBe("the engine failed: Cannot read properties of undefined (reading 'port')");
  });
});
