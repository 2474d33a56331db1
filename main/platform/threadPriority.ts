// The CPU priority (nice value) of the calling thread only. On Linux every thread has its own
// nice value, settable with setpriority() on its thread id, which /proc/thread-self names.
// Elsewhere there is no per-thread nice value (setpriority() with an id changes the whole
// process), so nothing is changed and the caller is told why.
import { readFileSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

export interface ThreadNice {
  /** The calling thread's nice value as the kernel reports it after the attempt. */
  nice: number;
  /** Why the requested value could not be set (raising priority needs CAP_SYS_NICE). */
  error?: string;
}

/** The calling thread's kernel thread id (Linux only; elsewhere undefined). */
export function thisThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(threadId) && threadId > 0 ? threadId : undefined;
  } catch {
    return undefined;
  }
}

/** The calling thread's nice value, read from /proc/thread-self/stat (field 19); undefined off Linux. */
export function thisThreadNice(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    return Number.isFinite(nice) ? nice : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the calling thread's nice value to `nice` (-20 to 19; higher runs less when others want
 * the CPU), in either direction, and reports what the kernel then says it is.
 */
export function setThisThreadNice(nice: number): ThreadNice {
  const threadId = thisThreadId();
  if (threadId === undefined) return { nice: thisThreadNice() ?? 0, error: 'a thread has its own nice value only on Linux' };
  let error: string | undefined;
  try {
    setPriority(threadId, Math.min(19, Math.max(-20, Math.round(nice))));
  } catch (failure) {
    error = (failure as Error).message;
  }
  const result: ThreadNice = { nice: thisThreadNice() ?? (error === undefined ? nice : 0) };
  if (error !== undefined) result.error = error;
  return result;
}

/**
 * Makes this thread at least as nice as `niceValue` (0-19); returns whether it could. Only
 * raising the value is asked for, which needs no privileges.
 */
export function lowerThisThreadPriority(niceValue: number): boolean {
  const threadId = thisThreadId();
  if (threadId === undefined) return false;
  try {
    const wanted = Math.min(19, Math.max(0, Math.round(niceValue)));
    if (getPriority(threadId) < wanted) setPriority(threadId, wanted);
    return true;
  } catch {
    return false;
  }
}
