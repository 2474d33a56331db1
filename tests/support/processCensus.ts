// Counts this process's children and their descendants from /proc (Linux): the ones alive, and
// the zombies nobody reaped. A descendant seen during a run is followed by its pid and start
// time, so one orphaned below a child that died (reparented to init) is still found alive.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  parentPid: number;
  /** `Z` for a zombie: it has ended and its parent has not reaped it. */
  state: string;
  /** Field 22 of /proc/PID/stat: with the pid, it names one process (pids are reused). */
  startTicks: string;
  command: string;
}

function readProcess(entry: string): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
  } catch {
    return undefined; // ended while we looked
  }
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  let command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  try {
    command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() || command;
  } catch {
    // a zombie has no command line
  }
  return { pid: Number(entry), parentPid: Number(afterName[1]), state: afterName[0]!, startTicks: afterName[19]!, command };
}

export function allProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(entry);
    if (info !== undefined) found.push(info);
  }
  return found;
}

/** Children, grandchildren and so on of `rootPid`, now. */
export function descendantsOf(rootPid: number = process.pid): ProcessInfo[] {
  const processes = allProcesses();
  const inTree = new Set([rootPid]);
  const descendants: ProcessInfo[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const info of processes) {
      if (inTree.has(info.parentPid) && !inTree.has(info.pid)) {
        inTree.add(info.pid);
        descendants.push(info);
        grew = true;
      }
    }
  }
  return descendants;
}

/** Whether the very process seen earlier (same pid, same start) is still there and not a zombie. */
function stillRunning(seen: ProcessInfo): boolean {
  const now = readProcess(String(seen.pid));
  return now !== undefined && now.startTicks === seen.startTicks && now.state !== 'Z';
}

/**
 * Follows every process started below this one while it watches, then tells which of them are
 * left: still running anywhere (even orphaned), or zombies of this process.
 */
export class ProcessCensus {
  readonly #seen = new Map<string, ProcessInfo>();
  readonly #baseline: Set<string>;
  #timer: NodeJS.Timeout | undefined;

  constructor() {
    this.#baseline = new Set(descendantsOf().map((info) => `${info.pid}/${info.startTicks}`));
  }

  /** Looks at the process tree every `intervalMs` until `stop()`. */
  start(intervalMs = 15): this {
    this.look();
    this.#timer = setInterval(() => this.look(), intervalMs);
    return this;
  }

  look(): void {
    for (const info of descendantsOf()) {
      const key = `${info.pid}/${info.startTicks}`;
      if (!this.#baseline.has(key)) this.#seen.set(key, info);
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.look();
  }

  /** How many processes it saw start. */
  get seenCount(): number {
    return this.#seen.size;
  }

  /** Waits up to `timeoutMs` for everything seen to be gone and reaped; answers what is left. */
  async leftAfter(timeoutMs: number): Promise<{ running: ProcessInfo[]; zombies: ProcessInfo[] }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = [...this.#seen.values()].filter(stillRunning);
      const zombies = descendantsOf().filter((info) => info.state === 'Z' && !this.#baseline.has(`${info.pid}/${info.startTicks}`));
      if ((running.length === 0 && zombies.length === 0) || Date.now() > deadline) return { running, zombies };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
