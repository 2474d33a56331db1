import { describe, expect, it } from 'vitest';
import type { BareCreationMetrics } from '../../../main/engines/threadsProcesses/bare/bareCosts.ts';
import type { BlockingMetrics } from '../../../main/engines/threadsProcesses/blockingExperiment.ts';
import type { CreationMetrics } from '../../../main/engines/threadsProcesses/creationCost.ts';
import type { RoundTripMetrics } from '../../../main/engines/threadsProcesses/roundTrip.ts';
import { threadsProcessesEngine } from '../../../main/engines/threadsProcesses/threadsProcessesEngine.ts';
import type { ThreadsProcessesScenario } from '../../../main/engines/threadsProcesses/threadsProcessesScenario.ts';
import { childProcessIds, isAlive } from './childProcesses.ts';
import { eventually, recordingContext } from '../../support/recordingContext.ts';

interface Metrics {
  creation: (CreationMetrics | BareCreationMetrics)[];
  roundTrip: RoundTripMetrics[];
  blocking: BlockingMetrics[];
}

function scenario(overrides: Partial<{ [Key in keyof ThreadsProcessesScenario]: Partial<ThreadsProcessesScenario[Key]> }> = {}): ThreadsProcessesScenario {
  return {
    creation: { repetitions: 6, ...overrides.creation },
    operatingSystem: { repetitions: 20, pingPongRuns: 2, pingPongRoundTrips: 200, ...overrides.operatingSystem },
    roundTrip: { roundTrips: 300, messageSize: 64, sharedMemory: true, ...overrides.roundTrip },
    blocking: { duration: 1000, tickInterval: 5, blockingCall: 100, requestEvery: 300, poolSize: 2, ...overrides.blocking },
  };
}

function byKey<Item, Key extends keyof Item>(items: Item[], key: Key, value: Item[Key]): Item {
  const item = items.find((candidate) => candidate[key] === value);
  if (item === undefined) throw new Error(`no ${String(key)} ${String(value)} in ${JSON.stringify(items)}`);
  return item;
}

function partnerPids(events: { kind: string; data?: Record<string, unknown> }[]): number[] {
  return events.filter((event) => event.kind === 'partner-started' && typeof event.data?.pid === 'number').map((event) => event.data!.pid as number);
}

describe('the threads-processes engine', () => {
  it('measures creation, round trips and a blocking call, with every count as asked', async () => {
    const childrenBefore = childProcessIds();
    const recorded = recordingContext();
    const metrics = (await threadsProcessesEngine.run(scenario(), recorded.context)) as unknown as Metrics;
    await recorded.release();

    // The runtime's layer first, then the operating system's (measured bare on this x86-64 Linux).
    expect(metrics.creation.map((row) => row.kind)).toEqual(['task', 'thread', 'process', 'os-thread', 'os-spawn', 'os-fork']);
    for (const row of metrics.creation) {
      expect(row.count, row.kind).toBe(row.kind.startsWith('os-') ? 20 : 6);
      expect(row.p50Us, row.kind).toBeGreaterThan(0);
      expect(row.p99Us).toBeGreaterThanOrEqual(row.p50Us);
      expect(row.maxUs).toBeGreaterThanOrEqual(row.p99Us);
      expect(row.totalP50Us).toBeGreaterThanOrEqual(row.p50Us);
    }
    const task = byKey(metrics.creation, 'kind', 'task');
    const thread = byKey(metrics.creation, 'kind', 'thread');
    const processCreation = byKey(metrics.creation, 'kind', 'process');
    // Measured on two-core machines: task 20-60 µs; thread 30-65 ms; process 30-105 ms. Whether a
    // process costs more than a worker thread depends on the runtime (Node 24 starts a process about
    // as fast as a worker: 30 ms each, against 72 and 27 ms on Node 20), so that is the lab's check
    // for students to discuss, not an assertion here. Both boot a JavaScript engine: each costs far
    // more than a task.
    expect(thread.p50Us).toBeGreaterThan(20 * task.p50Us);
    expect(processCreation.p50Us).toBeGreaterThan(20 * task.p50Us);

    expect(metrics.roundTrip.map((row) => row.channel)).toEqual(['thread-message', 'process-message', 'thread-shared-memory']);
    for (const row of metrics.roundTrip) {
      expect(row.count, row.channel).toBe(300);
      expect(row.messageBytes).toBe(64);
      expect(row.p50Us, row.channel).toBeGreaterThan(0);
      expect(row.p99Us).toBeGreaterThanOrEqual(row.p50Us);
    }

    const eventLoop = byKey(metrics.blocking, 'design', 'event-loop');
    const pool = byKey(metrics.blocking, 'design', 'worker-pool');
    for (const row of [eventLoop, pool]) {
      // Ticks due at 5, 10, ..., 1000 ms; requests at 300, 600 and 900 ms (each ends inside the window).
      expect(row.ticks, row.design).toBe(200);
      expect(row.requests, row.design).toBe(3);
      expect(row.unservedRequests, row.design).toBe(0);
      // The response includes the blocking call; the two are timed at slightly different points.
      expect(row.responseMaxMs, row.design).toBeGreaterThanOrEqual(0.98 * row.blockedMeanMs);
      expect(row.blockedMeanMs, row.design).toBeGreaterThanOrEqual(99);
      expect(recorded.samples.filter((sample) => sample.series === row.design && 'tickLatenessMs' in sample.values)).toHaveLength(200);
    }
    // The blocked loop cannot run a tick while it sleeps; the pool's loop keeps its ticks on time.
    expect(eventLoop.maxLatenessMs).toBeGreaterThanOrEqual(0.8 * 100);
    expect(pool.maxLatenessMs).toBeLessThan(0.5 * 100);

    expect(recorded.samples.filter((sample) => sample.series === 'process' && 'creationUs' in sample.values)).toHaveLength(6);
    expect(recorded.progress.at(-1)).toEqual({ fraction: 1, phase: 'done' });
    expect(partnerPids(recorded.events)).toHaveLength(1);
    for (const pid of partnerPids(recorded.events)) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    expect(childProcessIds().filter((pid) => !childrenBefore.includes(pid))).toEqual([]);
  });

  it('stops promptly when cancelled while creating processes and leaves no child behind', async () => {
    const childrenBefore = childProcessIds();
    const recorded = recordingContext();
    const running = threadsProcessesEngine.run(scenario({ creation: { repetitions: 500 } }), recorded.context);
    await eventually(() => recorded.samples.filter((sample) => sample.series === 'process').length >= 2, 20_000, 'two process creations');
    // Cancel as soon as the next child exists, so one is alive at the moment of the cancel.
    await eventually(() => childProcessIds().some((pid) => !childrenBefore.includes(pid)), 5_000, 'a child process to exist');
    const aliveAtCancel = childProcessIds().filter((pid) => !childrenBefore.includes(pid));
    const cancelledAt = performance.now();
    recorded.controller.abort();
    const metrics = (await running) as unknown as Metrics;
    const stoppedWithinMs = performance.now() - cancelledAt;

    expect(stoppedWithinMs).toBeLessThan(3000);
    // Gone when run() returns, before the runner's release steps.
    for (const pid of aliveAtCancel) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    expect(childProcessIds().filter((pid) => !childrenBefore.includes(pid))).toEqual([]);
    expect(byKey(metrics.creation, 'kind', 'process').count).toBeGreaterThanOrEqual(2);
    expect(byKey(metrics.creation, 'kind', 'process').count).toBeLessThan(500);
    expect(metrics.roundTrip).toEqual([]);
    expect(metrics.blocking).toEqual([]);
    await recorded.release();
  });

  it('stops promptly when cancelled while the event loop is blocked', async () => {
    const recorded = recordingContext();
    const running = threadsProcessesEngine.run(
      scenario({ creation: { repetitions: 1 }, roundTrip: { roundTrips: 50 }, blocking: { duration: 20_000, blockingCall: 2000, requestEvery: 100 } }),
      recorded.context,
    );
    // The first request (at 100 ms) puts the server thread to sleep for 2 s; cancel inside that sleep.
    await eventually(() => recorded.samples.some((sample) => sample.series === 'event-loop'), 20_000, 'the event-loop server to tick');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cancelledAt = performance.now();
    recorded.controller.abort();
    const metrics = (await running) as unknown as Metrics;
    const stoppedWithinMs = performance.now() - cancelledAt;
    await recorded.release();

    expect(stoppedWithinMs).toBeLessThan(1000);
    expect(metrics.creation.every((row) => row.count === (row.kind.startsWith('os-') ? 20 : 1))).toBe(true);
    expect(metrics.roundTrip.every((row) => row.count === 50)).toBe(true);
    expect(metrics.blocking).toEqual([]);
  });

  it('estimates a duration that covers the three experiments', () => {
    const estimate = threadsProcessesEngine.estimateDurationMs(scenario());
    expect(estimate).toBeGreaterThan(2 * 1000);
    expect(estimate).toBeLessThan(60_000);
  });
});
