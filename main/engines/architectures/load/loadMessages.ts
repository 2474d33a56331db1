import type { SerializedHistogram } from '../../../measure/hdrHistogram.ts';

export interface ClosedLoadOptions {
  /** Only 127.0.0.1 by default: the lab measures servers on this machine. */
  host?: string;
  port: number;
  /** Request target, `/` by default. */
  path?: string;
  /** Closed loop: each connection sends its next request as soon as the previous one is answered. */
  connections: number;
  /** The measured window, after the warm-up. */
  durationMs: number;
  /** Requests finishing during the warm-up are not counted. */
  warmupMs: number;
  /** A request unanswered for this long counts as an error and its connection is dropped. */
  timeoutMs: number;
  /** How often an interval sample is reported; 250 ms by default. */
  sampleIntervalMs?: number;
  /** Stops after this many measured requests, whatever the time (a safety bound). */
  maximumRequests?: number;
}

/** One interval of the measured window. */
export interface LoadIntervalSample {
  /** Milliseconds since the measured window began, at the end of this interval. */
  elapsedMs: number;
  intervalMs: number;
  requests: number;
  throughputRps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
}

export type LoadErrorKind = 'timeout' | 'connect' | 'reset' | 'status' | 'protocol';

export interface LoadResult {
  /** Successful requests completed in the measured window. */
  requests: number;
  errors: number;
  errorsByKind: Record<LoadErrorKind, number>;
  /** Length of the measured window actually run (shorter when stopped early). */
  measuredMs: number;
  throughputRps: number;
  /** Latencies of the successful requests, in microseconds. */
  histogram: SerializedHistogram;
  /** Stopped before the end of the window (asked to, or hit `maximumRequests`). */
  stoppedEarly: boolean;
}

export type LoadWorkerMessage = { type: 'sample'; sample: LoadIntervalSample } | { type: 'done'; result: LoadResult };

export type LoadControlMessage = { type: 'stop' };
