// The guest's progress at a finer grain than the charts' 50 ms samples, for the time its throughput
// takes to recover after the resume: with 50 ms samples that time could not be told from 0 below
// 50 ms, and the first sample after a 3 ms downtime also held whatever the hosts did after it.
import { epochMs } from './guest/guestControl.ts';

export interface ProgressPoint {
  atEpochMs: number;
  /** The guest's operations so far (its CPU state carries the count across the migration). */
  operations: number;
}

/** Reads the guest's operation count every few milliseconds between start() and stop(). */
export class ProgressRecorder {
  readonly points: ProgressPoint[] = [];
  private readonly readOperations: () => number;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(readOperations: () => number, intervalMs: number) {
    this.readOperations = readOperations;
    this.intervalMs = intervalMs;
  }

  start(): void {
    this.take();
    this.timer = setInterval(() => this.take(), this.intervalMs);
  }

  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.take();
  }

  private take(): void {
    this.points.push({ atEpochMs: epochMs(), operations: this.readOperations() });
  }
}

/** The window recovery is judged over: 20 ms, or long enough for 50 operations at the baseline rate. */
export function recoveryWindowMs(baselinePerSecond: number): number {
  return Math.max(20, (50 * 1000) / Math.max(baselinePerSecond, 1e-9));
}

/**
 * Milliseconds from `resumedAtEpochMs` to the start of the first window of at least
 * `recoveryWindowMs(baseline)` in which the guest did 90% of the operations its baseline rate would;
 * -1 when no such window starts after the resume within the recorded points.
 */
export function recoveryTo90Ms(points: readonly ProgressPoint[], resumedAtEpochMs: number, baselinePerSecond: number): number {
  if (baselinePerSecond <= 0) return -1;
  const windowMs = recoveryWindowMs(baselinePerSecond);
  let end = 0;
  for (let start = 0; start < points.length; start += 1) {
    const from = points[start]!;
    if (from.atEpochMs < resumedAtEpochMs) continue;
    if (end < start) end = start;
    while (end < points.length && points[end]!.atEpochMs - from.atEpochMs < windowMs) end += 1;
    if (end === points.length) return -1;
    const to = points[end]!;
    const expected = (0.9 * baselinePerSecond * (to.atEpochMs - from.atEpochMs)) / 1000;
    if (to.operations - from.operations >= expected) return from.atEpochMs - resumedAtEpochMs;
  }
  return -1;
}
