import { ArrivalSchedule } from './arrivalSchedule.ts';
import { emptyResult, type LoadCallbacks } from './closedLoadGenerator.ts';
import { LoadConnection, type LoadConnectionOwner } from './loadConnection.ts';
import { LoadMeasurement } from './loadMeasurement.ts';
import type { LoadErrorKind, LoadOptions, LoadTraffic } from './loadMessages.ts';
import { defaultMaximumRequests, loadTargetOf } from './requestTarget.ts';

type LoadPhase = 'idle' | 'warmup' | 'measuring' | 'draining' | 'finished';

/** After the window, requests due in it get at most this long (or the time-out) to be answered. */
const maximumDrainMs = 1000;
/** The schedule is checked at least this often, even when the next request is due later. */
const maximumTimerMs = 50;

/**
 * An open-loop HTTP load generator (as wrk2): requests are due at a fixed rate, constant or
 * Poisson, whether or not the server keeps up. A due request goes out on the first free of
 * `connections` connections; when none is free it waits in a backlog, and its latency still runs
 * from the moment it was due. So a server that stalls is charged for every request that should
 * have been sent during the stall, not only for the few in flight: no coordinated omission. The
 * latency from the actual send, what a naive generator reports, is kept beside it.
 */
export class OpenLoadGenerator implements LoadConnectionOwner {
  private readonly options: LoadOptions;
  private readonly callbacks: LoadCallbacks;
  private readonly connections: LoadConnection[] = [];
  private readonly idleConnections: LoadConnection[] = [];
  private readonly measurement: LoadMeasurement;
  /** Due times of requests waiting for a free connection, oldest first. */
  private backlog: number[] = [];
  private backlogStart = 0;
  private schedule: ArrivalSchedule | undefined;
  readonly traffic: LoadTraffic = { bytesSent: 0, bytesReceived: 0, connectionsOpened: 0, responses: 0 };
  private phase: LoadPhase = 'idle';
  private measureFrom = Number.POSITIVE_INFINITY;
  private measureUntil = Number.POSITIVE_INFINITY;
  /** Requests due in the window that are sent and not yet answered. */
  private measuredInFlight = 0;
  private scheduleTimer: ReturnType<typeof setTimeout> | undefined;
  private warmupTimer: ReturnType<typeof setTimeout> | undefined;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: LoadOptions, callbacks: LoadCallbacks) {
    if (!(options.rateRps !== undefined && options.rateRps > 0)) throw new Error('an open loop needs a rate above 0');
    this.options = options;
    this.callbacks = callbacks;
    this.measurement = new LoadMeasurement(options.durationMs, options.sampleIntervalMs, callbacks.onSample);
  }

  get running(): boolean {
    return this.phase === 'warmup' || this.phase === 'measuring' || this.phase === 'draining';
  }

  start(): void {
    if (this.phase !== 'idle') return;
    const target = loadTargetOf(this.options);
    const startedAt = performance.now();
    this.phase = 'warmup';
    this.schedule = new ArrivalSchedule(this.options.rateRps!, this.options.arrival ?? 'constant', this.options.seed ?? 1, startedAt);
    for (let index = 0; index < this.options.connections; index += 1) {
      const connection = new LoadConnection(target, this);
      this.connections.push(connection);
      this.idleConnections.push(connection);
    }
    if (this.options.warmupMs > 0) this.warmupTimer = setTimeout(() => this.beginMeasuring(), this.options.warmupMs);
    else this.beginMeasuring();
    this.pump();
  }

  stop(): void {
    this.finish(true);
  }

  recordResponse(_status: number, dueAt: number, sentAt: number): void {
    if (!this.isMeasured(dueAt)) return;
    this.measuredInFlight -= 1;
    const now = performance.now();
    this.measurement.record(now - dueAt, now - sentAt);
    if (this.measurement.count >= (this.options.maximumRequests ?? defaultMaximumRequests)) this.finish(true);
    else this.finishDrainIfDone();
  }

  recordError(kind: LoadErrorKind, dueAt?: number): void {
    if (dueAt === undefined) {
      if (this.phase === 'measuring') this.measurement.recordError(kind);
      return;
    }
    if (!this.isMeasured(dueAt)) return;
    this.measuredInFlight -= 1;
    this.measurement.recordError(kind);
    this.finishDrainIfDone();
  }

  connectionIdle(connection: LoadConnection): void {
    if (!this.running) return;
    this.idleConnections.push(connection);
    this.sendBacklog();
  }

  private isMeasured(dueAt: number): boolean {
    return dueAt >= this.measureFrom && dueAt < this.measureUntil && (this.phase === 'measuring' || this.phase === 'draining');
  }

  private beginMeasuring(): void {
    if (this.phase !== 'warmup') return;
    this.phase = 'measuring';
    this.measurement.begin(() => this.endWindow());
    this.measureFrom = this.measurement.windowStartedAt;
    this.measureUntil = this.measurement.windowEndsAt;
  }

  /** Moves every request now due into the backlog, sends what the free connections can take. */
  private pump(): void {
    if (this.phase !== 'warmup' && this.phase !== 'measuring') return;
    const schedule = this.schedule!;
    const now = performance.now();
    while (schedule.peek() <= now && schedule.peek() < this.measureUntil) this.backlog.push(schedule.take());
    this.expireBacklog(now);
    this.sendBacklog();
    const untilNext = Math.max(0, Math.min(schedule.peek() - performance.now(), maximumTimerMs));
    this.scheduleTimer = setTimeout(() => this.pump(), untilNext);
  }

  /** A request that waited longer than the time-out for a connection is a time-out, never sent. */
  private expireBacklog(now: number): void {
    while (this.backlogStart < this.backlog.length && now - this.backlog[this.backlogStart]! > this.options.timeoutMs) {
      const dueAt = this.backlog[this.backlogStart]!;
      this.backlogStart += 1;
      if (this.isMeasured(dueAt)) this.measurement.recordError('timeout');
    }
    this.compactBacklog();
  }

  private sendBacklog(): void {
    while (this.backlogStart < this.backlog.length && this.idleConnections.length > 0) {
      const connection = this.idleConnections.pop()!;
      if (!connection.idle) continue;
      const dueAt = this.backlog[this.backlogStart]!;
      this.backlogStart += 1;
      if (this.isMeasured(dueAt)) this.measuredInFlight += 1;
      connection.send(dueAt);
    }
    this.compactBacklog();
  }

  private compactBacklog(): void {
    if (this.backlogStart > 1024 && this.backlogStart * 2 > this.backlog.length) {
      this.backlog = this.backlog.slice(this.backlogStart);
      this.backlogStart = 0;
    }
  }

  /** The window is over: nothing new is due; requests due in it get a short time to finish. */
  private endWindow(): void {
    if (this.phase !== 'measuring') return;
    this.phase = 'draining';
    clearTimeout(this.scheduleTimer);
    this.drainTimer = setTimeout(() => this.finish(false), Math.min(maximumDrainMs, this.options.timeoutMs));
    this.finishDrainIfDone();
  }

  private finishDrainIfDone(): void {
    if (this.phase === 'draining' && this.measuredInFlight <= 0 && this.backlogStart >= this.backlog.length) this.finish(false);
  }

  private finish(early: boolean): void {
    if (this.phase === 'finished' || this.phase === 'idle') return;
    const wasMeasuring = this.phase === 'measuring' || this.phase === 'draining';
    const endedAt = performance.now();
    this.phase = 'finished';
    clearTimeout(this.warmupTimer);
    clearTimeout(this.scheduleTimer);
    clearTimeout(this.drainTimer);
    for (const connection of this.connections) connection.close();
    const waiting = this.backlog.slice(this.backlogStart).filter((dueAt) => dueAt >= this.measureFrom && dueAt < this.measureUntil).length;
    const extra = { stoppedEarly: early, mode: 'open' as const, offeredRps: this.options.rateRps, unfinished: Math.max(0, this.measuredInFlight) + waiting, traffic: this.traffic };
    if (wasMeasuring) this.callbacks.onDone(this.measurement.finish(endedAt, extra));
    else {
      this.measurement.stopTimers();
      this.callbacks.onDone(emptyResult(extra));
    }
  }
}
