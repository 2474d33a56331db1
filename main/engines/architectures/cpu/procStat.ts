/** Linux reports CPU time in clock ticks of 1/USER_HZ s; USER_HZ is 100 on every Linux build in use. */
export const clockTicksPerSecond = 100;

export interface TaskTimes {
  /** The command name (a thread's name), without the parentheses. */
  name: string;
  parentPid: number;
  /** utime + stime: CPU time spent by this thread or process itself. */
  ownTicks: number;
  /** cutime + cstime: CPU time of its children that it has waited for (processes only). */
  waitedChildrenTicks: number;
}

/**
 * Parses a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat line. The name sits in parentheses
 * and may itself hold spaces and parentheses, so fields are counted from the last ')'.
 */
export function parseTaskStat(line: string): TaskTimes | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // After the name: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
  const fields = line.slice(close + 2).split(' ');
  const field = (position: number): number => Number(fields[position - 3]);
  const values = [field(4), field(14), field(15), field(16), field(17)];
  if (values.some((value) => !Number.isFinite(value))) return undefined;
  return {
    name: line.slice(open + 1, close),
    parentPid: field(4),
    ownTicks: field(14) + field(15),
    waitedChildrenTicks: field(16) + field(17),
  };
}

export interface MachineTicks {
  /** user + nice + system + irq + softirq + steal, summed over every CPU. */
  busy: number;
  /** idle + iowait. */
  idle: number;
}

/** The first line of /proc/stat: time of all CPUs together. */
export function parseMachineStat(text: string): MachineTicks | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith('cpu '));
  if (line === undefined) return undefined;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const values = [user, nice, system, idle, iowait, irq, softirq, steal];
  if (values.some((value) => value === undefined || !Number.isFinite(value))) return undefined;
  return { busy: user! + nice! + system! + irq! + softirq! + steal!, idle: idle! + iowait! };
}

/** /proc/loadavg: runnable and waiting tasks averaged over 1, 5 and 15 minutes. */
export function parseLoadAverage(text: string): [number, number, number] | undefined {
  const values = text.trim().split(/\s+/).slice(0, 3).map(Number);
  return values.length === 3 && values.every(Number.isFinite) ? (values as [number, number, number]) : undefined;
}
