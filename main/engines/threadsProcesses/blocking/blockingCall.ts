import { performance } from 'node:perf_hooks';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * A real blocking call: Atomics.wait on a cell nobody notifies puts this thread to sleep in the
 * kernel (a futex wait), exactly as a blocking read would; nothing else runs on the thread until it
 * returns. Returns how long the thread really slept, in ms.
 */
export function blockThisThread(milliseconds: number): number {
  const startedAt = performance.now();
  let remaining = milliseconds;
  // A wait may end early on a spurious wake-up; sleep out the rest.
  while (remaining > 0) {
    Atomics.wait(sleepCell, 0, 0, remaining);
    remaining = milliseconds - (performance.now() - startedAt);
  }
  return performance.now() - startedAt;
}
