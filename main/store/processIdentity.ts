import { readFileSync } from 'node:fs';

/**
 * What tells one process from another that later gets the same pid: the boot it runs in and the
 * moment it started (field 22 of /proc/PID/stat, in clock ticks since boot). A pid is reused
 * after its process ends, and a fresh boot starts counting pids again; this pair is not reused.
 * Undefined where /proc cannot tell (not Linux, or the process is gone).
 */
export function processIdentity(pid: number): string | undefined {
  const startTicks = processStartTicks(pid);
  if (startTicks === undefined) return undefined;
  return `${bootId() ?? 'boot'}/${startTicks}`;
}

let cachedBootId: string | null | undefined;

function bootId(): string | undefined {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId ?? undefined;
}

/** Field 22 of /proc/PID/stat. The command name (field 2) may hold spaces and parentheses, so fields are counted after its last ')'. */
export function processStartTicks(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = afterName[22 - 3];
  return startTicks !== undefined && /^\d+$/.test(startTicks) ? startTicks : undefined;
}
