// A run cancelled at any moment — while its servers fork, while they serve, while handlers run,
// while a helper measures — or run to its end leaves no process behind: every child it started
// is ended and reaped, none is orphaned to run on, and no zombie stays under proclab.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../preload/api.ts';
import { LabService } from '../../../main/service/labService.ts';
import { ProcessCensus } from '../../support/processCensus.ts';

/**
 * When the cancel comes: after a delay from the start, or at the first progress phase or timeline
 * event that matches; or never, and the run goes to its end.
 */
type CancelPoint = { delayMs: number } | { phase: RegExp } | { event: string } | { end: true };

interface EngineCase {
  labId: string;
  scenario: string;
  points: CancelPoint[];
  /** Whether its runs start processes (so the census must see some). */
  startsProcesses: boolean;
  /**
   * The points (an event's kind, or 'end') whose runs must each have started a process; without
   * it, the case's runs together must have started more processes than it has points.
   */
  processesAt?: string[];
  /** How long a run may take from its cancel to its end, where the case bounds it. */
  stopsWithinMs?: number;
}

const cases: EngineCase[] = [
  {
    labId: 'server-architectures',
    scenario: `engine: architectures
servers:
  - name: prefork
    architecture: prefork
    workers: 4
  - name: per-request
    architecture: process-per-request
  - name: pool
    architecture: thread-pool
    workers: 2
workload:
  kind: io
  serviceTime: 2ms
load:
  connections: 32
  duration: 600ms
  warmup: 100ms
`,
    // The first moments are the prefork pool being forked; then its load, the per-request server
    // forking a child for every connection, and the thread pool.
    points: [{ delayMs: 0 }, { delayMs: 15 }, { delayMs: 40 }, { delayMs: 90 }, { delayMs: 200 }, { event: 'server-started' }, { phase: /per-request/ }, { delayMs: 1_700 }, { phase: /pool/ }, { end: true }],
    startsProcesses: true,
  },
  {
    labId: 'superserver',
    scenario: `engine: superserver
comparison:
  requests: 10
  interval: 20ms
burst:
  clients: 12
  spacing: 20ms
  hold: 400ms
limits:
  instances: 4
`,
    points: [{ delayMs: 0 }, { delayMs: 30 }, { event: 'handler-started' }, { phase: /first-byte/ }, { phase: /burst/ }, { delayMs: 1_200 }, { end: true }],
    startsProcesses: true,
  },
  {
    labId: 'directory',
    scenario: `engine: directory
servers: 3
state: soft
softState: 600ms
renewEvery: 200ms
crash: 1
leave: 1
observe: 1500ms
`,
    points: [{ delayMs: 0 }, { delayMs: 40 }, { delayMs: 150 }, { phase: /lookups/ }, { phase: /after the crash/ }, { end: true }],
    startsProcesses: true,
  },
  {
    labId: 'threads-processes',
    scenario: `engine: threads-processes
operatingSystem:
  repetitions: 30
  pingPongRuns: 3
  pingPongRoundTrips: 500
creation:
  repetitions: 5
roundTrip:
  roundTrips: 200
blocking:
  duration: 400ms
`,
    points: [{ delayMs: 0 }, { delayMs: 60 }, { delayMs: 250 }, { event: 'bare-helper-ready' }, { phase: /creat/ }, { phase: /round/ }, { phase: /block/ }, { end: true }],
    startsProcesses: true,
  },
  {
    labId: 'out-of-band',
    scenario: `engine: out-of-band
upload:
  size: 16MiB
  receiveRate: 8MiB
cancelAfter: 200ms
repetitions: 1
stopTimeout: 5s
`,
    // From its own progress, not the clock: before anything, at the first upload, at its cancel,
    // after the first method's trial, and while the python3 MSG_OOB client (its only process) runs.
    points: [{ delayMs: 0 }, { event: 'upload-started' }, { event: 'cancel-sent' }, { phase: /#/ }, { event: 'urgent-client-started' }, { end: true }],
    startsProcesses: true,
    processesAt: ['urgent-client-started', 'end'],
  },
  {
    labId: 'vm-migration',
    scenario: `engine: vm-migration
guest:
  memory: 16MiB
  keys: 1000
timing:
  warmup: 200ms
  after: 200ms
  timeout: 20s
strategies:
  - name: pre-copy
    strategy: pre-copy
  - name: post-copy
    strategy: post-copy
clients:
  connections: 2
  rate: 200
`,
    // Threads only, no processes: cancels in the warm-up, the pre-copy rounds and the post-copy faults.
    points: [{ delayMs: 0 }, { delayMs: 50 }, { delayMs: 400 }, { phase: /post-copy/ }, { end: true }],
    startsProcesses: false,
    stopsWithinMs: 3_000,
  },
  {
    labId: 'clients-and-state',
    scenario: `engine: clients-and-state
access:
  calls: 20
idempotency:
  calls: 20
  tableLifetime: 300ms
policies:
  callsPerPhase: 10
  crashOutage: 100ms
  allDownOutage: 200ms
stateDesigns:
  files: 2
  streamSize: 128KiB
  steady: 400ms
  downtime: 100ms
  after: 500ms
  lease: 200ms
inClass:
  downtime: 100ms
`,
    // Its servers start, its policies' links drop replies, its file servers crash and come back.
    points: [{ delayMs: 0 }, { delayMs: 100 }, { delayMs: 600 }, { delayMs: 1_500 }, { end: true }],
    startsProcesses: false,
    stopsWithinMs: 5_000,
  },
  {
    labId: 'code-migration',
    scenario: `engine: code-migration
paradigms: { records: [30, 3000], links: [{ bandwidth: 10Mbit, latency: 2ms }], repeats: 1 }
mobility: { heap: 64KiB, rounds: 2, migrateAfter: 5ms }
bindings: { accessesAfter: 2 }
sandbox: { cpuBudget: 300ms }
`,
    // Host processes starting, the paradigms running between them, the sandbox's confined agents.
    points: [{ delayMs: 0 }, { delayMs: 150 }, { delayMs: 600 }, { delayMs: 1_500 }, { end: true }],
    startsProcesses: true,
    stopsWithinMs: 5_000,
  },
  {
    labId: 'server-clusters',
    scenario: `engine: server-clusters
servers: 2
modes: { responseSizes: [1KiB, 64KiB], rounds: 1, duration: 300ms, warmup: 100ms }
policies: { compare: [round-robin, content-aware], requests: 60, serviceTime: 0ms }
failover: { duration: 900ms, rate: 100 }
dns: { duration: 900ms }
scaling: { duration: 300ms, servers: [1, 2] }
`,
    // The cluster's processes starting, relay against handoff, the policies, a server killed under load.
    points: [{ delayMs: 0 }, { delayMs: 100 }, { delayMs: 300 }, { delayMs: 1_200 }, { delayMs: 3_000 }, { end: true }],
    startsProcesses: true,
    stopsWithinMs: 5_000,
  },
  {
    labId: 'virtualization',
    scenario: `engine: virtualization
iterations: 20000
rounds: 1
startupRepetitions: 1
`,
    // The guest worker under each technique, then a process, a container, a worker and a vm starting
    // (the whole run takes about a second).
    points: [{ delayMs: 0 }, { delayMs: 50 }, { phase: /round/ }, { delayMs: 300 }, { end: true }],
    startsProcesses: false,
    stopsWithinMs: 3_000,
  },
];

let directory: string;
let service: LabService;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'proclab-cancel-'));
  service = new LabService({ databasePath: join(directory, 'runs.sqlite'), face: 'cli' });
});

afterAll(async () => {
  await service.close();
  rmSync(directory, { recursive: true, force: true });
});

function describePoint(point: CancelPoint): string {
  if ('end' in point) return 'never';
  if ('delayMs' in point) return `${point.delayMs} ms in`;
  if ('phase' in point) return `at phase ${point.phase}`;
  return `at the first ${point.event}`;
}

/** Resolves when the point is reached, or false if the run ended first. */
function reached(runId: string, point: CancelPoint): { promise: Promise<boolean>; stop: () => void } {
  if ('end' in point) return { promise: new Promise(() => undefined), stop: () => undefined };
  if ('delayMs' in point) {
    let timer: NodeJS.Timeout | undefined;
    return { promise: new Promise((resolve) => (timer = setTimeout(() => resolve(true), point.delayMs))), stop: () => clearTimeout(timer) };
  }
  let unsubscribe = (): void => undefined;
  const promise = new Promise<boolean>((resolve) => {
    unsubscribe = service.subscribe(runId, (event: RunEvent) => {
      if (event.kind === 'status' && event.status !== 'running') resolve(false);
      if ('phase' in point && event.kind === 'progress' && point.phase.test(event.progress.phase)) resolve(true);
      if ('event' in point && event.kind === 'timeline' && event.event.kind === point.event) resolve(true);
    });
  });
  return { promise, stop: () => unsubscribe() };
}

async function cancelAt(engineCase: EngineCase, point: CancelPoint): Promise<{ problems: string[]; processesSeen: number }> {
  const census = new ProcessCensus().start();
  const lab = service.catalog.get(engineCase.labId)!;
  const started = service.startScenario(lab, engineCase.scenario, 7);
  if (!started.ok) throw new Error(`the scenario of ${engineCase.labId} does not start: ${JSON.stringify(started)}`);
  const { runId } = started.value;
  const trigger = reached(runId, point);
  const finished = service.whenFinished(runId)!;
  const cancelled = await Promise.race([trigger.promise, finished.then(() => false)]);
  trigger.stop();
  // What runs at the cancel point is counted even if the cancel ends it before the next look.
  census.look();
  const cancelledAt = performance.now();
  if (cancelled) await service.cancelRun(runId);
  const outcome = await finished;
  const stoppedInMs = performance.now() - cancelledAt;
  census.stop();
  const { running, zombies } = await census.leftAfter(5_000);
  const problems = [
    ...running.map((info) => `still running: ${info.pid} ${info.command}`),
    ...zombies.map((info) => `zombie: ${info.pid} ${info.command}`),
  ];
  if (cancelled && engineCase.stopsWithinMs !== undefined && stoppedInMs > engineCase.stopsWithinMs) problems.push(`the run took ${Math.round(stoppedInMs)} ms from its cancel to its end (at most ${engineCase.stopsWithinMs} ms)`);
  if (outcome.status === 'failed') problems.push(`the run failed: ${outcome.error?.message}`);
  if ('end' in point) {
    if (outcome.status !== 'succeeded') problems.push(`the run did not succeed: ${outcome.error?.message}`);
  } else if (!cancelled || outcome.status !== 'cancelled') {
    // A point the run never reached tests nothing: each one must land while the run is going.
    problems.push('the cancel did not land while the run was going');
  }
  return {
    problems: problems.map((problem) => `${engineCase.labId}, cancelled ${describePoint(point)} (${outcome.status}, ${census.seenCount} processes seen): ${problem}`),
    processesSeen: census.seenCount,
  };
}

describe('a run cancelled in every phase', () => {
  it.each(cases.map((engineCase) => [engineCase.labId, engineCase] as const))('of %s leaves no process, running or zombie', async (_labId, engineCase) => {
    const problems: string[] = [];
    let processesSeen = 0;
    for (const point of engineCase.points) {
      const outcome = await cancelAt(engineCase, point);
      problems.push(...outcome.problems);
      processesSeen += outcome.processesSeen;
      const pointName = 'end' in point ? 'end' : 'event' in point ? point.event : undefined;
      if (pointName !== undefined && engineCase.processesAt?.includes(pointName) && outcome.processesSeen === 0) problems.push(`${engineCase.labId}, cancelled ${describePoint(point)}: no process was seen, so the point tests nothing`);
    }
    expect(problems).toEqual([]);
    if (engineCase.startsProcesses && engineCase.processesAt === undefined) expect(processesSeen).toBeGreaterThan(engineCase.points.length);
  }, 300_000);
});
