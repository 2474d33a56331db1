import { HdrHistogram } from '../hdrHistogram.ts';
import type { LoadErrorKind, LoadIntervalSample, LoadMode, LoadResult, LoadTraffic } from './loadMessages.ts';

export const defaultSampleIntervalMs = 100;
/** Timers fire a little early or late; a tick this close to the end of the window ends it. */
const timerSlackMs = 1;

export function noErrors(): Record<LoadErrorKind, number> {
  return { timeout: 0, connect: 0, reset: 0, status: 0, protocol: 0 };
}

/**
 * What a load generator measures in its window: latencies (from the due time and from the actual
 * send) in HDR histograms, counts and errors, and the interval samples. One timer chain drives
 * both the samples and the end of the window, so the last sample ends with the window and the
 * samples add up to the totals.
 */
export class LoadMeasurement {
  private readonly histogram = new HdrHistogram();
  private readonly uncorrectedHistogram = new HdrHistogram();
  private readonly intervalHistogram = new HdrHistogram();
  private readonly intervalUncorrected = new HdrHistogram();
  private readonly errorsByKind = noErrors();
  private readonly sampleIntervalMs: number;
  private readonly durationMs: number;
  private readonly onSample: (sample: LoadIntervalSample) => void;
  private startedAt = 0;
  private intervalStartedAt = 0;
  private requests = 0;
  private errors = 0;
  private intervalRequests = 0;
  private intervalErrors = 0;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  private onWindowEnd: () => void = () => {};
  private windowOver = false;

  constructor(durationMs: number, sampleIntervalMs: number | undefined, onSample: (sample: LoadIntervalSample) => void) {
    this.durationMs = durationMs;
    this.sampleIntervalMs = sampleIntervalMs ?? defaultSampleIntervalMs;
    this.onSample = onSample;
  }

  get count(): number {
    return this.requests;
  }

  /** When the window began (performance.now()). */
  get windowStartedAt(): number {
    return this.startedAt;
  }

  get windowEndsAt(): number {
    return this.startedAt + this.durationMs;
  }

  begin(onWindowEnd: () => void): void {
    this.onWindowEnd = onWindowEnd;
    this.startedAt = performance.now();
    this.intervalStartedAt = this.startedAt;
    this.scheduleTick();
  }

  record(fromDueMs: number, fromSentMs: number): void {
    this.histogram.record(fromDueMs * 1000);
    this.intervalHistogram.record(fromDueMs * 1000);
    this.uncorrectedHistogram.record(fromSentMs * 1000);
    this.intervalUncorrected.record(fromSentMs * 1000);
    this.requests += 1;
    this.intervalRequests += 1;
  }

  recordError(kind: LoadErrorKind): void {
    this.errors += 1;
    this.intervalErrors += 1;
    this.errorsByKind[kind] += 1;
  }

  /** Ends the measurement: the last interval is reported and the totals returned. */
  finish(endedAt: number, extra: { stoppedEarly: boolean; mode: LoadMode; offeredRps?: number; unfinished: number; traffic: LoadTraffic }): LoadResult {
    clearTimeout(this.tickTimer);
    this.reportInterval(performance.now());
    // Throughput over the window asked for; an early stop ends it sooner.
    const measuredMs = Math.min(endedAt, this.windowEndsAt) - this.startedAt;
    return {
      requests: this.requests,
      errors: this.errors,
      errorsByKind: { ...this.errorsByKind },
      measuredMs,
      throughputRps: measuredMs > 0 ? (this.requests * 1000) / measuredMs : 0,
      histogram: this.histogram.serialize(),
      uncorrectedHistogram: this.uncorrectedHistogram.serialize(),
      ...extra,
      traffic: { ...extra.traffic },
    };
  }

  stopTimers(): void {
    clearTimeout(this.tickTimer);
  }

  private scheduleTick(): void {
    const nextSampleAt = this.intervalStartedAt + this.sampleIntervalMs;
    this.tickTimer = setTimeout(() => this.tick(), Math.max(0, Math.min(nextSampleAt, this.windowEndsAt) - performance.now()));
  }

  private tick(): void {
    if (this.windowOver) return;
    const now = performance.now();
    if (now >= this.windowEndsAt - timerSlackMs) {
      this.windowOver = true;
      this.onWindowEnd();
      return;
    }
    // A sliver of an interval at the end of the window measures almost nothing and plots as a
    // spike or a drop to zero: let the current interval run on to the end of the window instead.
    if (this.windowEndsAt - now < this.sampleIntervalMs / 2) {
      this.tickTimer = setTimeout(() => this.tick(), Math.max(0, this.windowEndsAt - now));
      return;
    }
    this.reportInterval(now);
    this.scheduleTick();
  }

  private reportInterval(now: number): void {
    const intervalMs = now - this.intervalStartedAt;
    if (intervalMs <= 0) return;
    this.onSample({
      elapsedMs: now - this.startedAt,
      intervalMs,
      requests: this.intervalRequests,
      throughputRps: (this.intervalRequests * 1000) / intervalMs,
      latencyP50Ms: this.intervalHistogram.percentile(50) / 1000,
      latencyP99Ms: this.intervalHistogram.percentile(99) / 1000,
      uncorrectedLatencyP99Ms: this.intervalUncorrected.percentile(99) / 1000,
      errors: this.intervalErrors,
    });
    this.intervalStartedAt = now;
    this.intervalRequests = 0;
    this.intervalErrors = 0;
    this.intervalHistogram.reset();
    this.intervalUncorrected.reset();
  }
}
