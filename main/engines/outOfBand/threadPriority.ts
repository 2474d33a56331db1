import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

export interface ThreadNice {
  /** The calling thread's nice value as the kernel reports it, or the requested one where /proc is missing. */
  nice: number;
  /** Why the requested value could not be set (raising priority needs CAP_SYS_NICE). */
  error?: string;
}

/** Nice value of the calling thread, read from /proc/thread-self/stat (field 19). */
function currentThreadNice(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const nice = Number(fields[16]);
    return Number.isFinite(nice) ? nice : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the nice value of the calling thread only: on Linux the nice value belongs to a thread, and
 * setpriority(PRIO_PROCESS, 0) (what `os.setPriority(0, …)` calls) changes the caller alone.
 */
export function setOwnThreadNice(nice: number): ThreadNice {
  let error: string | undefined;
  try {
    setPriority(0, nice);
  } catch (failure) {
    error = (failure as Error).message;
  }
  return { nice: currentThreadNice() ?? (error === undefined ? nice : 0), error };
}
