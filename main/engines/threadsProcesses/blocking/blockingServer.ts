// Entry module of the thread that plays a single-threaded server: one event loop runs a periodic
// tick (standing for every other client the server is serving) while requests arrive whose handler
// makes a blocking call. In the event-loop design the handler blocks the loop itself, as a
// blocking system call blocks every user-level thread of a process; in the worker-pool design it
// hands the call to a pre-started pool of threads the kernel schedules on their own.
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { blockThisThread } from './blockingCall.ts';
import type { BlockingServerMessage, BlockingServerOptions, PoolJobDoneMessage, PoolJobMessage } from './blockingMessages.ts';

const options = workerData as BlockingServerOptions;
const port = parentPort!;
const report = (message: BlockingServerMessage): void => port.postMessage(message);

const pool: Worker[] = [];
const idleThreads: Worker[] = [];
const waitingJobs: PoolJobMessage[] = [];
let callsInPool = 0;

function runInPool(job: PoolJobMessage): void {
  const thread = idleThreads.pop();
  if (thread === undefined) waitingJobs.push(job);
  else startCall(thread, job);
}

function startCall(thread: Worker, job: PoolJobMessage): void {
  callsStarted += 1;
  thread.postMessage(job);
}

async function startPool(): Promise<void> {
  for (let index = 0; index < options.poolSize; index += 1) {
    const thread = new Worker(options.poolWorkerPath);
    pool.push(thread);
    await once(thread, 'message');
    thread.on('message', (done: PoolJobDoneMessage) => {
      callsInPool -= 1;
      const responseMs = performance.now() - dueTimeOf(done.request);
      report({ kind: 'blocked', request: done.request, blockedMs: done.blockedMs, responseMs, onServerThread: false });
      const next = waitingJobs.shift();
      if (next === undefined) idleThreads.push(thread);
      else startCall(thread, next);
      finishIfDone();
    });
    idleThreads.push(thread);
  }
}

let startedAt = 0;
let ticks = 0;
/** Blocking calls that began (on the server thread or on a pool thread). */
let callsStarted = 0;
let ticking = true;
let finished = false;

function dueTimeOf(request: number): number {
  return startedAt + request * options.blockEveryMs;
}

function handleRequest(request: number): void {
  if (options.design === 'event-loop') {
    callsStarted += 1;
    const blockedMs = blockThisThread(options.blockMs);
    const responseMs = performance.now() - dueTimeOf(request);
    report({ kind: 'blocked', request, blockedMs, responseMs, onServerThread: true });
  } else {
    callsInPool += 1;
    runInPool({ request, blockMs: options.blockMs });
  }
}

function scheduleRequest(request: number): void {
  const dueAt = dueTimeOf(request);
  // Only requests whose call can end inside the window: every stall is then seen by ticks.
  if (dueAt + options.blockMs > startedAt + options.durationMs) return;
  setTimeout(() => {
    // A request still arriving after the window (the loop was blocked by earlier ones) is not
    // served: the experiment ends on time however the scenario piles up blocking calls.
    if (performance.now() >= startedAt + options.durationMs) return;
    handleRequest(request);
    scheduleRequest(request + 1);
  }, Math.max(0, dueAt - performance.now()));
}

// Each tick is due at a fixed time, startedAt + index × interval, and its lateness is measured
// from that intended time; ticks missed during a stall still run (late) afterwards and count, so a
// stall is not hidden (no coordinated omission). Overdue ticks all run in one go: one timer each
// would add Node's 1 ms minimum timer delay per tick and pile up lateness that no stall caused.
let nextTick = 1;

function runDueTicks(): void {
  const endsAt = startedAt + options.durationMs;
  for (;;) {
    const dueAt = startedAt + nextTick * options.tickIntervalMs;
    if (dueAt > endsAt) {
      ticking = false;
      finishIfDone();
      return;
    }
    const now = performance.now();
    if (dueAt > now) {
      setTimeout(runDueTicks, dueAt - now);
      return;
    }
    ticks += 1;
    report({ kind: 'tick', index: nextTick, latenessMs: now - dueAt });
    nextTick += 1;
  }
}

function finishIfDone(): void {
  if (finished || ticking) return;
  // Calls still queued for the pool when the window ends are never started (they count as
  // unserved); only the calls already sleeping are waited for, so the experiment ends on time.
  callsInPool -= waitingJobs.length;
  waitingJobs.length = 0;
  if (callsInPool > 0) return;
  finished = true;
  // Requests due in the window (whose call could end inside it), and those whose call never began.
  const requestsDue = Math.max(0, Math.floor((options.durationMs - options.blockMs) / options.blockEveryMs));
  report({ kind: 'done', ticks, requests: callsStarted, unserved: requestsDue - callsStarted });
  for (const thread of pool) void thread.terminate();
  port.close();
}

// The pool is pre-started before the clock runs, as a server starts its pool before serving.
void (options.design === 'worker-pool' ? startPool() : Promise.resolve()).then(() => {
  report({ kind: 'started', poolThreads: pool.length });
  startedAt = performance.now();
  runDueTicks();
  scheduleRequest(1);
});
