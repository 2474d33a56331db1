import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { clockTicksPerSecond, parseLoadAverage, parseMachineStat, parseTaskStat, type MachineTicks, type TaskTimes } from './procStat.ts';
import { loadGeneratorThreadName, serverThreadName } from './threadNames.ts';

/** CPU time of this process, its threads, its descendants and the whole machine at one moment (Linux /proc). */
export interface CpuSnapshot {
  atMs: number;
  process: TaskTimes;
  threads: Map<number, TaskTimes>;
  /** The server's live processes (and their children): descendants running its entry module. */
  descendants: Map<number, TaskTimes>;
  machine: MachineTicks;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // ended while we looked, or no /proc here
  }
}

function numericEntries(folder: string): number[] {
  try {
    return readdirSync(folder)
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * This process's children whose command line names `serverProgram`, and their own descendants.
 * Any other child (another tool, a test's busy loop) counts with the other processes.
 */
function serverProcessesOf(rootPid: number, serverProgram: string): Map<number, TaskTimes> {
  const all = new Map<number, TaskTimes>();
  for (const pid of numericEntries('/proc')) {
    const times = parseTaskStat(readOrUndefined(`/proc/${pid}/stat`) ?? '');
    if (times !== undefined) all.set(pid, times);
  }
  const family = new Map<number, TaskTimes>();
  for (const [pid, times] of all) {
    if (times.parentPid === rootPid && (readOrUndefined(`/proc/${pid}/cmdline`) ?? '').includes(serverProgram)) family.set(pid, times);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, times] of all) {
      if (!family.has(pid) && family.has(times.parentPid)) {
        family.set(pid, times);
        grew = true;
      }
    }
  }
  return family;
}

/**
 * Reads this moment's CPU times; undefined where /proc is not there to read (not Linux).
 * `serverProgram` is the path of the entry module the server's child processes run.
 */
export function takeCpuSnapshot(serverProgram: string): CpuSnapshot | undefined {
  const pid = process.pid;
  // The scan of every process is the slow part: done first, so that this process's own times,
  // its threads' and the machine's are read together, close to the moment the snapshot names.
  const descendants = serverProcessesOf(pid, serverProgram);
  const startedAt = performance.now();
  const processTimes = parseTaskStat(readOrUndefined(`/proc/${pid}/stat`) ?? '');
  const threads = new Map<number, TaskTimes>();
  for (const tid of numericEntries(`/proc/${pid}/task`)) {
    const times = parseTaskStat(readOrUndefined(`/proc/${pid}/task/${tid}/stat`) ?? '');
    if (times !== undefined) threads.set(tid, times);
  }
  const machine = parseMachineStat(readOrUndefined('/proc/stat') ?? '');
  if (processTimes === undefined || machine === undefined) return undefined;
  return { atMs: (startedAt + performance.now()) / 2, process: processTimes, threads, descendants, machine };
}

/** Where the CPU time of one measured window went, in CPU seconds. */
export interface WindowCpu {
  wallSeconds: number;
  cores: number;
  /** The server's threads (named, see threadNames.ts), its threads that ended, and its processes. */
  serverCpuSeconds: number;
  loadGeneratorCpuSeconds: number;
  /** This app's main thread and the runtime's shared threads (garbage collector, compiler, I/O). */
  appCpuSeconds: number;
  /** Every other process on the machine. */
  otherProcessesCpuSeconds: number;
  idleCpuSeconds: number;
}

function ticksBetween(before: Map<number, TaskTimes>, after: Map<number, TaskTimes>, id: number): number {
  const end = after.get(id);
  if (end === undefined) return 0;
  // A thread or process born inside the window started from nothing.
  const start = before.get(id);
  return Math.max(0, end.ownTicks + end.waitedChildrenTicks - (start === undefined ? 0 : start.ownTicks + start.waitedChildrenTicks));
}

/**
 * Splits the CPU time between two snapshots. A thread that ended inside the window (a
 * thread-per-request server's) is no longer listed, but its time stays in the process's total:
 * whatever the process spent beyond its live threads belongs to the threads that ended, all of
 * them the server's (the load generator and the app's threads live through the window).
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, cores = availableParallelism()): WindowCpu {
  let serverTicks = 0;
  let loadTicks = 0;
  let appTicks = 0;
  let liveThreadTicks = 0;
  for (const [tid, times] of after.threads) {
    const ticks = ticksBetween(before.threads, after.threads, tid);
    liveThreadTicks += ticks;
    if (times.name.startsWith(serverThreadName)) serverTicks += ticks;
    else if (times.name.startsWith(loadGeneratorThreadName)) loadTicks += ticks;
    else appTicks += ticks;
  }
  const processTicks = Math.max(0, after.process.ownTicks - before.process.ownTicks);
  const endedThreadTicks = Math.max(0, processTicks - liveThreadTicks);
  // Children waited for during the window (a process-per-request server's), and those still alive at its end.
  let childTicks = Math.max(0, after.process.waitedChildrenTicks - before.process.waitedChildrenTicks);
  for (const pid of after.descendants.keys()) childTicks += ticksBetween(before.descendants, after.descendants, pid);
  serverTicks += endedThreadTicks + childTicks;
  const ours = processTicks + childTicks;
  const busy = Math.max(0, after.machine.busy - before.machine.busy);
  const idle = Math.max(0, after.machine.idle - before.machine.idle);
  const seconds = (ticks: number): number => ticks / clockTicksPerSecond;
  return {
    wallSeconds: (after.atMs - before.atMs) / 1000,
    cores,
    serverCpuSeconds: seconds(serverTicks),
    loadGeneratorCpuSeconds: seconds(loadTicks),
    appCpuSeconds: seconds(appTicks),
    otherProcessesCpuSeconds: seconds(Math.max(0, busy - ours)),
    idleCpuSeconds: seconds(idle),
  };
}

/** The 1-minute load average now (runnable tasks, averaged), or undefined without /proc. */
export function loadAverageNow(): number | undefined {
  return parseLoadAverage(readOrUndefined('/proc/loadavg') ?? '')?.[0];
}
