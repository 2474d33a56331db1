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
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: () => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EngineFailure(`${what} took more than ${timeoutMs} ms`)), timeoutMs);
    onAbort = () => reject(new RunCancelled(`cancelled while waiting for ${what}`));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, stopped]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

/** Lets the event loop run once (a cancel, a message), then continues. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
