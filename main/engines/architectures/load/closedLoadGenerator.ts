import { HdrHistogram } from '../../../measure/hdrHistogram.ts';
import { LoadConnection, type LoadConnectionOwner } from './loadConnection.ts';
import type { ClosedLoadOptions, LoadErrorKind, LoadIntervalSample, LoadResult } from './loadMessages.ts';

export interface ClosedLoadCallbacks {
  onSample(sample: LoadIntervalSample): void;
  onDone(result: LoadResult): void;
}

type LoadPhase = 'idle' | 'warmup' | 'measuring' | 'finished';

const defaultSampleIntervalMs = 250;
/** The count bound on a run: far above what 10 minutes on 127.0.0.1 reach, but finite. */
const defaultMaximumRequests = 50_000_000;
/** Timers fire a little early or late; a tick this close to the end of the window ends it. */
const timerSlackMs = 1;

function noErrors(): Record<LoadErrorKind, number> {
  return { timeout: 0, connect: 0, reset: 0, status: 0, protocol: 0 };
}

/**
 * A closed-loop HTTP load generator: `connections` clients, each sending its next request as soon
 * as the previous one is answered, for a warm-up and then a measured window; stops by itself at
 * the end of the window (or on `stop()`), and reports interval samples and the totals.
 */
export class ClosedLoadGenerator implements LoadConnectionOwner {
  private readonly options: ClosedLoadOptions;
  private readonly callbacks: ClosedLoadCallbacks;
  private readonly connections: LoadConnection[] = [];
  private readonly histogram = new HdrHistogram();
  private readonly intervalHistogram = new HdrHistogram();
  private phase: LoadPhase = 'idle';
  private measureStartedAt = 0;
  private intervalStartedAt = 0;
  private requests = 0;
  private errors = 0;
  private readonly errorsByKind = noErrors();
  private intervalRequests = 0;
  private intervalErrors = 0;
  private warmupTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ClosedLoadOptions, callbacks: ClosedLoadCallbacks) {
    this.options = options;
    this.callbacks = callbacks;
  }

  get running(): boolean {
    return this.phase === 'warmup' || this.phase === 'measuring';
  }

  start(): void {
    if (this.phase !== 'idle') return;
    const host = this.options.host ?? '127.0.0.1';
    const request = Buffer.from(
      `GET ${this.options.path ?? '/'} HTTP/1.1\r\nHost: ${host}:${this.options.port}\r\nUser-Agent: proclab-load\r\nAccept: */*\r\n\r\n`,
      'latin1',
    );
    const target = { host, port: this.options.port, request, timeoutMs: this.options.timeoutMs };
    this.phase = 'warmup';
    if (this.options.warmupMs > 0) this.warmupTimer = setTimeout(() => this.beginMeasuring(), this.options.warmupMs);
    else this.beginMeasuring();
    for (let index = 0; index < this.options.connections; index += 1) this.connections.push(new LoadConnection(target, this));
    for (const connection of this.connections) connection.start();
  }

  /** Ends the run now; the result covers what was measured so far. */
  stop(): void {
    this.finish(true);
  }

  recordResponse(_status: number, latencyMs: number): void {
    if (this.phase !== 'measuring') return;
    const microseconds = latencyMs * 1000;
    this.histogram.record(microseconds);
    this.intervalHistogram.record(microseconds);
    this.requests += 1;
    this.intervalRequests += 1;
    if (this.requests >= (this.options.maximumRequests ?? defaultMaximumRequests)) this.finish(true);
  }

  recordError(kind: LoadErrorKind): void {
    if (this.phase !== 'measuring') return;
    this.errors += 1;
    this.intervalErrors += 1;
    this.errorsByKind[kind] += 1;
  }

  private beginMeasuring(): void {
    if (this.phase !== 'warmup') return;
    this.phase = 'measuring';
    this.measureStartedAt = performance.now();
    this.intervalStartedAt = this.measureStartedAt;
    this.scheduleTick();
  }

  // One timer chain drives both the samples and the end of the window, so the last sample always
  // ends exactly at the end of the window and the samples add up to the totals.
  private scheduleTick(): void {
    const windowEndsAt = this.measureStartedAt + this.options.durationMs;
    const nextSampleAt = this.intervalStartedAt + (this.options.sampleIntervalMs ?? defaultSampleIntervalMs);
    this.tickTimer = setTimeout(() => this.tick(), Math.max(0, Math.min(nextSampleAt, windowEndsAt) - performance.now()));
  }

  private tick(): void {
    if (this.phase !== 'measuring') return;
    const now = performance.now();
    const windowEndsAt = this.measureStartedAt + this.options.durationMs;
    if (now >= windowEndsAt - timerSlackMs) {
      this.finish(false);
      return;
    }
    // A sliver of an interval at the end of the window measures almost nothing and plots as a
    // spike or a drop to zero: let the current interval run on to the end of the window instead.
    const sampleIntervalMs = this.options.sampleIntervalMs ?? defaultSampleIntervalMs;
    if (windowEndsAt - now < sampleIntervalMs / 2) {
      this.tickTimer = setTimeout(() => this.tick(), Math.max(0, windowEndsAt - now));
      return;
    }
    this.reportInterval();
    this.scheduleTick();
  }

  private reportInterval(): void {
    const now = performance.now();
    const intervalMs = now - this.intervalStartedAt;
    if (intervalMs <= 0) return;
    this.callbacks.onSample({
      elapsedMs: now - this.measureStartedAt,
      intervalMs,
      requests: this.intervalRequests,
      throughputRps: (this.intervalRequests * 1000) / intervalMs,
      latencyP50Ms: this.intervalHistogram.percentile(50) / 1000,
      latencyP99Ms: this.intervalHistogram.percentile(99) / 1000,
      errors: this.intervalErrors,
    });
    this.intervalStartedAt = now;
    this.intervalRequests = 0;
    this.intervalErrors = 0;
    this.intervalHistogram.reset();
  }

  private finish(early: boolean): void {
    if (this.phase === 'finished' || this.phase === 'idle') return;
    const wasMeasuring = this.phase === 'measuring';
    const endedAt = performance.now();
    this.phase = 'finished';
    clearTimeout(this.warmupTimer);
    clearTimeout(this.tickTimer);
    for (const connection of this.connections) connection.close();
    if (wasMeasuring) this.reportInterval();
    const measuredMs = wasMeasuring ? endedAt - this.measureStartedAt : 0;
    this.callbacks.onDone({
      requests: this.requests,
      errors: this.errors,
      errorsByKind: { ...this.errorsByKind },
      measuredMs,
      throughputRps: measuredMs > 0 ? (this.requests * 1000) / measuredMs : 0,
      histogram: this.histogram.serialize(),
      stoppedEarly: early,
    });
  }
}
