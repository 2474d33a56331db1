import { LoadConnection, type LoadConnectionOwner } from './loadConnection.ts';
import { LoadMeasurement } from './loadMeasurement.ts';
import type { LoadErrorKind, LoadIntervalSample, LoadOptions, LoadResult, LoadTraffic } from './loadMessages.ts';
import { defaultMaximumRequests, loadTargetOf } from './requestTarget.ts';

export interface LoadCallbacks {
  onSample(sample: LoadIntervalSample): void;
  onDone(result: LoadResult): void;
}

type LoadPhase = 'idle' | 'warmup' | 'measuring' | 'finished';

/**
 * A closed-loop HTTP load generator: `connections` clients, each sending its next request as soon
 * as the previous one is answered (after an optional think time), for a warm-up and then a
 * measured window; stops by itself at the end of the window (or on `stop()`), and reports interval
 * samples and the totals. A closed loop cannot see coordinated omission: while the server stalls,
 * its clients stall too and send nothing, so the stall costs only one slow request per client.
 */
export class ClosedLoadGenerator implements LoadConnectionOwner {
  private readonly options: LoadOptions;
  private readonly callbacks: LoadCallbacks;
  private readonly connections: LoadConnection[] = [];
  private readonly measurement: LoadMeasurement;
  private readonly thinkTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly traffic: LoadTraffic = { bytesSent: 0, bytesReceived: 0, connectionsOpened: 0, responses: 0 };
  private phase: LoadPhase = 'idle';
  private warmupTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: LoadOptions, callbacks: LoadCallbacks) {
    this.options = options;
    this.callbacks = callbacks;
    this.measurement = new LoadMeasurement(options.durationMs, options.sampleIntervalMs, callbacks.onSample);
  }

  get running(): boolean {
    return this.phase === 'warmup' || this.phase === 'measuring';
  }

  start(): void {
    if (this.phase !== 'idle') return;
    const target = loadTargetOf(this.options);
    this.phase = 'warmup';
    if (this.options.warmupMs > 0) this.warmupTimer = setTimeout(() => this.beginMeasuring(), this.options.warmupMs);
    else this.beginMeasuring();
    for (let index = 0; index < this.options.connections; index += 1) this.connections.push(new LoadConnection(target, this));
    for (const connection of this.connections) connection.send();
  }

  /** Ends the run now; the result covers what was measured so far. */
  stop(): void {
    this.finish(true);
  }

  recordResponse(_status: number, dueAt: number, sentAt: number): void {
    if (this.phase !== 'measuring') return;
    const now = performance.now();
    this.measurement.record(now - dueAt, now - sentAt);
    if (this.measurement.count >= (this.options.maximumRequests ?? defaultMaximumRequests)) this.finish(true);
  }

  recordError(kind: LoadErrorKind): void {
    if (this.phase === 'measuring') this.measurement.recordError(kind);
  }

  connectionIdle(connection: LoadConnection): void {
    if (!this.running) return;
    const thinkTimeMs = this.options.thinkTimeMs ?? 0;
    if (thinkTimeMs <= 0) {
      connection.send();
      return;
    }
    const timer = setTimeout(() => {
      this.thinkTimers.delete(timer);
      connection.send();
    }, thinkTimeMs);
    this.thinkTimers.add(timer);
  }

  private beginMeasuring(): void {
    if (this.phase !== 'warmup') return;
    this.phase = 'measuring';
    this.measurement.begin(() => this.finish(false));
  }

  private finish(early: boolean): void {
    if (this.phase === 'finished' || this.phase === 'idle') return;
    const wasMeasuring = this.phase === 'measuring';
    const endedAt = performance.now();
    this.phase = 'finished';
    clearTimeout(this.warmupTimer);
    for (const timer of this.thinkTimers) clearTimeout(timer);
    for (const connection of this.connections) connection.close();
    const extra = { stoppedEarly: early, mode: 'closed' as const, unfinished: 0, traffic: this.traffic };
    if (wasMeasuring) {
      this.callbacks.onDone(this.measurement.finish(endedAt, extra));
      return;
    }
    this.measurement.stopTimers();
    this.callbacks.onDone(emptyResult(extra));
  }
}

/** The result of a run stopped before its window began. */
export function emptyResult(extra: { stoppedEarly: boolean; mode: 'closed' | 'open'; offeredRps?: number; unfinished: number; traffic: LoadTraffic }): LoadResult {
  const histogram = { counts: [], totalCount: 0, minimum: 0, maximum: 0, sum: 0 };
  return {
    requests: 0,
    errors: 0,
    errorsByKind: { timeout: 0, connect: 0, reset: 0, status: 0, protocol: 0 },
    measuredMs: 0,
    throughputRps: 0,
    histogram,
    uncorrectedHistogram: histogram,
    ...extra,
    traffic: { ...extra.traffic },
  };
}
