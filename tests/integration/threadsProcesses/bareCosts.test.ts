import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { evaluateChecks } from '../../../main/lab/checkEvaluation.ts';
import { loadLab } from '../../../main/lab/labCatalog.ts';
import { measureBareCosts, type BareCostsResult } from '../../../main/engines/threadsProcesses/bare/bareCosts.ts';
import { threadsProcessesEngine } from '../../../main/engines/threadsProcesses/threadsProcessesEngine.ts';
import type { ThreadsProcessesScenario } from '../../../main/engines/threadsProcesses/threadsProcessesScenario.ts';
import { descendantProcessIds, isAlive, processesWithCommandLine } from './childProcesses.ts';
import { eventually, recordingContext } from '../../support/recordingContext.ts';

const labChecks = loadLab(fileURLToPath(new URL('../../../labs/threads-processes', import.meta.url))).definition.checks;

function helperPid(events: { kind: string; data?: Record<string, unknown> }[]): number | undefined {
  return events.find((event) => event.kind === 'bare-helper-ready')?.data?.pid as number | undefined;
}

describe('bare operating-system costs (native calls in a helper process)', () => {
  const savedFfi = process.env.PROCLAB_FFI_MODULE;
  afterEach(() => {
    if (savedFfi === undefined) delete process.env.PROCLAB_FFI_MODULE;
    else process.env.PROCLAB_FFI_MODULE = savedFfi;
  });

  it('creates and reaps bare threads and processes and bounces a byte between threads and between processes', async () => {
    const before = descendantProcessIds();
    const recorded = recordingContext();
    const result: BareCostsResult = await measureBareCosts({ repetitions: 30, pingPongRuns: 3, pingPongRoundTrips: 500 }, recorded.context, () => {});
    await recorded.release();

    expect(result.status).toMatchObject({ available: true, program: expect.stringMatching(/\/true$/) });
    expect(result.creation.map((row) => [row.kind, row.count])).toEqual([
      ['os-thread', 30],
      ['os-spawn', 30],
      ['os-fork', 30],
    ]);
    for (const row of result.creation) {
      expect(row.layer).toBe('operating-system');
      expect(row.p50Us, row.kind).toBeGreaterThan(0);
      expect(row.p99Us, row.kind).toBeGreaterThanOrEqual(row.p50Us);
    }
    // A process needs a new address space, a new program loaded (or a copy of this one's page
    // tables) and its own exit: far more than a thread of the same process.
    const thread = result.creation.find((row) => row.kind === 'os-thread')!;
    for (const kind of ['os-spawn', 'os-fork']) expect(result.creation.find((row) => row.kind === kind)!.p50Us, kind).toBeGreaterThan(thread.p50Us);

    expect(result.contextSwitch.map((row) => [row.kind, row.runs, row.roundTripsPerRun])).toEqual([
      ['thread', 3, 500],
      ['process', 3, 500],
      ['none', 3, 500],
    ]);
    const [threads, processes, alone] = result.contextSwitch;
    // A pass that wakes the other side costs more than the same write and read in one thread.
    expect(threads!.hopP50Us).toBeGreaterThan(alone!.hopP50Us);
    expect(processes!.hopP50Us).toBeGreaterThan(alone!.hopP50Us);
    expect(threads!.switchP50Us).toBeCloseTo(threads!.hopP50Us - alone!.hopP50Us, 2);
    expect(recorded.samples.filter((sample) => sample.series === 'os-fork')).toHaveLength(30);

    const pid = helperPid(recorded.events);
    expect(pid).toBeTypeOf('number');
    expect(isAlive(pid!)).toBe(false);
    expect(descendantProcessIds().filter((other) => !before.includes(other))).toEqual([]);
    expect(processesWithCommandLine('bareCostsHelper')).toEqual([]);
  });

  it('says why and judges the creation check on the runtime numbers where the FFI cannot load', async () => {
    process.env.PROCLAB_FFI_MODULE = 'proclab-no-such-ffi-module';
    const scenario: ThreadsProcessesScenario = {
      creation: { repetitions: 3 },
      operatingSystem: { repetitions: 10, pingPongRuns: 1, pingPongRoundTrips: 100 },
      roundTrip: { roundTrips: 20, messageSize: 64, sharedMemory: false },
      blocking: { duration: 200, tickInterval: 5, blockingCall: 20, requestEvery: 100, poolSize: 1 },
    };
    const recorded = recordingContext();
    const metrics = (await threadsProcessesEngine.run(scenario, recorded.context)) as Record<string, any>;
    await recorded.release();

    expect(metrics.operatingSystem.available).toBe(false);
    expect(metrics.operatingSystem.reason).toMatch(/FFI package koffi could not be loaded/);
    expect(recorded.logs.some((line) => line.startsWith('warn: bare OS measurements are not available here'))).toBe(true);
    expect(metrics.creation.map((row: { kind: string }) => row.kind)).toEqual(['task', 'thread', 'process']);
    expect(metrics.contextSwitch).toEqual([]);
    expect(metrics.creationCompared).toMatchObject({ layer: 'javascript', threadKind: 'thread', processKind: 'process' });
    const check = evaluateChecks(labChecks, scenario, metrics).find((result) => result.checkId === 'process-creation-costs-more')!;
    expect(check.detail).toContain('creationCompared.processP50Us');
  });

  it('stops at once when cancelled in the middle of a ping-pong and leaves no process behind', async () => {
    const before = descendantProcessIds();
    const recorded = recordingContext();
    const running = measureBareCosts({ repetitions: 10, pingPongRuns: 200, pingPongRoundTrips: 50_000 }, recorded.context, () => {});
    await eventually(() => recorded.samples.some((sample) => sample.series.startsWith('ping-pong')), 20_000, 'a first ping-pong run');
    const cancelledAt = performance.now();
    recorded.controller.abort();
    const result = await running;
    expect(performance.now() - cancelledAt).toBeLessThan(2000);
    await recorded.release();
    expect(result.creation.every((row) => row.count === 10)).toBe(true);
    expect(result.contextSwitch.reduce((runs, row) => runs + row.runs, 0)).toBeLessThan(600);
    // The ping-pong processes are the helper's forked copies: killed with it, they keep its command line until they die.
    await eventually(() => descendantProcessIds().filter((pid) => !before.includes(pid)).length === 0, 2000, 'the helper to be gone');
    await eventually(() => processesWithCommandLine('bareCostsHelper').length === 0, 2000, 'its ping-pong processes to be gone');
  });
});
