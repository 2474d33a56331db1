// Waits that an engine can always get out of: every one ends at a cancel (an AbortSignal) or a
// time limit, and leaves no timer or listener behind once it is over. Built on
// node:timers/promises and AbortSignal.any, so a time limit and a cancel are one mechanism.
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves after `milliseconds`, or as soon as `signal` aborts (at once if it has); never rejects. */
export async function pause(milliseconds: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  try {
    await sleep(milliseconds, undefined, signal === undefined ? undefined : { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}

/** How a bounded wait ended: the promise settled with a value, the time ran out, or the signal aborted. */
export type BoundedOutcome<T> = { outcome: 'settled'; value: T } | { outcome: 'timeout' } | { outcome: 'aborted' };

/**
 * Waits for `promise`, but at most `milliseconds` and not past `signal` (checked first: an
 * aborted signal ends the wait at once). A rejection of `promise` passes through.
 */
export async function bounded<T>(promise: Promise<T>, milliseconds: number, signal?: AbortSignal): Promise<BoundedOutcome<T>> {
  if (signal?.aborted) {
    promise.catch(() => undefined);
    return { outcome: 'aborted' };
  }
  const finished = new AbortController();
  const limit = signal === undefined ? finished.signal : AbortSignal.any([signal, finished.signal]);
  const deadline = sleep(milliseconds, { outcome: 'timeout' } as const, { signal: limit }).catch(() => ({ outcome: 'aborted' }) as const);
  try {
    return await Promise.race([promise.then((value) => ({ outcome: 'settled', value }) as const), deadline]);
  } finally {
    // Ends the timer and the listener on `signal` whichever way the race went.
    finished.abort();
  }
}

/** Waits for `promise` at most `milliseconds` and not past `signal`: its value, or undefined. */
export async function within<T>(promise: Promise<T>, milliseconds: number, signal?: AbortSignal): Promise<T | undefined> {
  const ended = await bounded(promise, milliseconds, signal);
  return ended.outcome === 'settled' ? ended.value : undefined;
}

/** Lets the event loop run once (a cancel, a message), then continues. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
