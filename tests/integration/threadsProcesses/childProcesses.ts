import { readdirSync, readFileSync } from 'node:fs';

function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // Fields after the command name (which may hold spaces, inside parentheses): state, ppid, ...
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(entry), Number(afterName[1]));
  }
  return parents;
}

/** Process ids whose parent is this process (Linux /proc), i.e. children still alive or unreaped. */
export function childProcessIds(): number[] {
  return [...parentsByPid()].filter(([, parent]) => parent === process.pid).map(([pid]) => pid);
}

/** Children, grandchildren and so on of this process. */
export function descendantProcessIds(): number[] {
  const parents = parentsByPid();
  const descendants = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (descendants.has(parent) && !descendants.has(pid)) {
        descendants.add(pid);
        grew = true;
      }
    }
  }
  descendants.delete(process.pid);
  return [...descendants];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Live processes (not zombies) whose command line contains `text`: copies forked from a helper keep its command line. */
export function processesWithCommandLine(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) found.push(Number(entry));
    } catch {
      continue; // ended while we looked
    }
  }
  return found;
}
