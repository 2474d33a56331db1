// What a request costs the server. `io` stands for waiting on a disk or a database: the thread
// that waits can do nothing else, unless the architecture waits without a thread (event loops
// wait with a timer). `blocking-io` is the same wait made with a blocking call everywhere, event
// loops included, which freezes them. `cpu` is real computation worth the service time on an idle
// core, which no architecture can hide. `file` reads a real file from disk and sends it.
import type { ServiceTimeDistribution } from './serviceTimes.ts';

export type WorkloadKind = 'io' | 'blocking-io' | 'cpu' | 'file';

export interface Workload {
  kind: WorkloadKind;
  /** Mean service time; each request draws its own from `distribution`. */
  serviceTimeMs: number;
  /** Constant by default. */
  distribution?: ServiceTimeDistribution;
  /** kind `file`: the files the server serves (created by the server host at start). */
  files?: readonly string[];
  /**
   * Hash rounds one idle core does per millisecond, measured once per run before any server
   * starts. cpu work is this fixed amount of computation, not "spin until the clock says so": with
   * more busy threads than cores each request must take longer, as real computation does.
   */
  computeRoundsPerMs?: number;
}

// Atomics.wait on a cell nobody notifies is a true blocking sleep of this thread, like a
// blocking read() on a slow device; a timer would let the event loop run on.
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

export function blockThreadFor(milliseconds: number): void {
  if (milliseconds <= 0) return;
  const deadline = performance.now() + milliseconds;
  // Atomics.wait may return early on a spurious wake; wait out the rest.
  for (let remaining = milliseconds; remaining > 0; remaining = deadline - performance.now()) {
    Atomics.wait(sleepCell, 0, 0, remaining);
  }
}

/** Kept so the computation below has an observable result and cannot be optimised away. */
let computationSink = 0;

const roundsPerBatch = 20_000;
const calibrationTries = 50;
const calibrationTryMs = 2;
/** Small enough that a try ends within a few percent of its 2 ms. */
const calibrationBatch = 2_000;

/** Hashes integers (xorshift and multiply) for a fixed number of rounds; returns the digest. */
export function computeRounds(rounds: number): number {
  let state = (computationSink ^ 0x9e3779b9) | 1;
  for (let round = 0; round < rounds; round += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state = Math.imul(state, 0x2545f491);
  }
  computationSink = state;
  return state;
}

/**
 * Measures this thread's hashing speed: the best of many tries of 2 ms each. A try during which
 * the scheduler gave the core to another process reads slow and is outvoted; with tries as short
 * as a scheduler's time slice, some run whole even beside a busy process, so a request's
 * service time stays CPU time on a busy machine too.
 */
export function calibrateComputation(): number {
  computeRounds(roundsPerBatch * 10); // let the JIT compile the loop first
  let best = 0;
  for (let attempt = 0; attempt < calibrationTries; attempt += 1) {
    const started = performance.now();
    let rounds = 0;
    while (performance.now() - started < calibrationTryMs) {
      computeRounds(calibrationBatch);
      rounds += calibrationBatch;
    }
    best = Math.max(best, rounds / (performance.now() - started));
  }
  return best;
}

let calibratedHere: number | undefined;

/** The computation an idle core does in `milliseconds`. */
export function computeFor(milliseconds: number, roundsPerMs?: number): number {
  const speed = roundsPerMs ?? (calibratedHere ??= calibrateComputation());
  return computeRounds(Math.round(milliseconds * speed));
}

/**
 * Does the waiting or computing part of a request on this thread, blocking it for the whole
 * service time (iterative, pool workers, child processes). `file` has no such part.
 */
export function performBlockingWork(workload: Workload, serviceTimeMs = workload.serviceTimeMs): void {
  if (workload.kind === 'io' || workload.kind === 'blocking-io') blockThreadFor(serviceTimeMs);
  else if (workload.kind === 'cpu' && serviceTimeMs > 0) computeFor(serviceTimeMs, workload.computeRoundsPerMs);
}
