import { bounded } from '../../toolkit/abortableWaits.ts';
import { EngineFailure } from '../engine.ts';

/** Thrown when the run is cancelled while waiting; the engine returns what it has measured so far. */
export class RunCancelled extends Error {
  override readonly name = 'RunCancelled';
}

/**
 * Waits for `promise`, but never past a cancel or `timeoutMs`: every wait of this engine is bounded,
 * so a partner that hangs or dies cannot hang the run.
 */
export async function waitWithin<T>(promise: Promise<T>, signal: AbortSignal, timeoutMs: number, what: string): Promise<T> {
  if (signal.aborted) throw new RunCancelled(`cancelled before ${what}`);
  const ended = await bounded(promise, timeoutMs, signal);
  if (ended.outcome === 'aborted') throw new RunCancelled(`cancelled while waiting for ${what}`);
  if (ended.outcome === 'timeout') throw new EngineFailure(`${what} took more than ${timeoutMs} ms`);
  return ended.value;
}
