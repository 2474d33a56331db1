// Lowers the CPU priority of the calling thread only. On Linux every thread has its own nice
// value, settable with setpriority() on its thread id, which /proc/thread-self names. Elsewhere it
// does nothing: there setpriority() with an id would change the whole process.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Makes this thread at least as nice as `niceValue` (0-19; higher runs less when others want the
 * CPU); returns whether it could. Only raising is possible: lowering needs privileges.
 */
export function lowerThisThreadPriority(niceValue: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(threadId) || threadId <= 0) return false;
    const wanted = Math.min(19, Math.max(0, Math.round(niceValue)));
    if (getPriority(threadId) < wanted) setPriority(threadId, wanted);
    return true;
  } catch {
    return false;
  }
}
