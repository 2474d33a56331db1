import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { bounded, pause, within } from '../../../main/toolkit/abortableWaits.ts';

const never = new Promise<never>(() => undefined);
const after = <T>(milliseconds: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), milliseconds));
// Handles (timers, sockets) the event loop still holds; a finished wait must leave none.
const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('abortable waits', () => {
  it('pause for the time asked, or until a cancel, and never reject', async () => {
    let startedAt = performance.now();
    await pause(60);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(55);

    const cancel = new AbortController();
    startedAt = performance.now();
    setTimeout(() => cancel.abort(), 20);
    await pause(10_000, cancel.signal);
    expect(performance.now() - startedAt).toBeLessThan(1_000);
    await expect(pause(10_000, cancel.signal)).resolves.toBeUndefined();
  });

  it('say how a bounded wait ended: a value, the time limit, or a cancel', async () => {
    expect(await bounded(after(10, 'done'), 1_000)).toEqual({ outcome: 'settled', value: 'done' });
    expect(await bounded(never, 30)).toEqual({ outcome: 'timeout' });
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 20);
    expect(await bounded(never, 10_000, cancel.signal)).toEqual({ outcome: 'aborted' });
    expect(await bounded(after(1, 'late'), 10_000, cancel.signal)).toEqual({ outcome: 'aborted' });
    await expect(bounded(Promise.reject(new Error('broke')), 1_000)).rejects.toThrow('broke');
    // A value already there wins over a limit of zero.
    expect(await within(Promise.resolve(7), 0)).toBe(7);
    expect(await within(never, 0)).toBeUndefined();
  });

  it('leave no timer and no abort listener behind once they are over', async () => {
    const cancel = new AbortController();
    const timersBefore = activeTimers();
    await Promise.all(Array.from({ length: 50 }, (_, index) => within(after(index % 5, index), 60_000, cancel.signal)));
    await pause(1, cancel.signal);
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
  });
});
