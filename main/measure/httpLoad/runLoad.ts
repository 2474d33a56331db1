import { Worker } from 'node:worker_threads';
import { entryModulePath, type EntryModule } from '../../platform/moduleEntry.ts';
import { loadGeneratorThreadName } from './loadThreadName.ts';
import type { LoadControlMessage, LoadIntervalSample, LoadOptions, LoadResult, LoadWorkerMessage } from './loadMessages.ts';

/** How long the generator gets to hand in its result after `abort()` before its thread is terminated. */
const abortGraceMs = 1000;
/** Beyond the planned warm-up and window, how late the result may be before the run is given up. */
const overrunAllowanceMs = 10_000;

export interface LoadRun {
  /**
   * The totals, when the window ends or soon after `abort()` (covering what was measured until
   * then). Rejects if the generator's thread fails or does not answer.
   */
  readonly result: Promise<LoadResult>;
  /** Stops the load now; idempotent. */
  abort(): void;
}

/** @see runLoad; kept under the name it had when only the closed loop existed. */
export type ClosedLoadRun = LoadRun;

/**
 * Runs an HTTP load (closed or open loop, see LoadOptions.mode) against 127.0.0.1:port in its own
 * worker thread. `generator` is the calling engine's entry module for that thread: a file in the
 * engine's folder that imports `loadGeneratorWorker.ts` (so the build bundles it with the engine).
 */
export function runLoad(generator: EntryModule, options: LoadOptions, onSample?: (sample: LoadIntervalSample) => void): LoadRun {
  const worker = new Worker(entryModulePath(generator), { workerData: options, name: loadGeneratorThreadName });
  let settled = false;
  let abortTimer: ReturnType<typeof setTimeout> | undefined;
  let overrunTimer: ReturnType<typeof setTimeout> | undefined;
  let resolveResult: (result: LoadResult) => void = () => {};
  let rejectResult: (error: Error) => void = () => {};
  const result = new Promise<LoadResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });

  const settle = (outcome: { result: LoadResult } | { error: Error }): void => {
    if (settled) return;
    settled = true;
    clearTimeout(abortTimer);
    clearTimeout(overrunTimer);
    void worker.terminate();
    if ('result' in outcome) resolveResult(outcome.result);
    else rejectResult(outcome.error);
  };

  worker.on('message', (message: LoadWorkerMessage) => {
    if (message.type === 'sample') onSample?.(message.sample);
    else settle({ result: message.result });
  });
  worker.on('error', (error) => settle({ error: new Error(`the load generator failed: ${error.message}`) }));
  worker.on('exit', (code) => settle({ error: new Error(`the load generator ended without a result (exit code ${code})`) }));
  overrunTimer = setTimeout(
    () => settle({ error: new Error('the load generator did not finish in time') }),
    options.warmupMs + options.durationMs + options.timeoutMs + overrunAllowanceMs,
  );

  return {
    result,
    abort() {
      if (settled || abortTimer !== undefined) return;
      worker.postMessage({ type: 'stop' } satisfies LoadControlMessage);
      abortTimer = setTimeout(() => settle({ error: new Error('the load generator did not stop in time') }), abortGraceMs);
    },
  };
}

/** A closed-loop run (the options' mode is ignored). */
export function runClosedLoad(generator: EntryModule, options: LoadOptions, onSample?: (sample: LoadIntervalSample) => void): LoadRun {
  return runLoad(generator, { ...options, mode: 'closed' }, onSample);
}
