import type { SerializedHistogram } from '../hdrHistogram.ts';

export type LoadMode = 'closed' | 'open';

export type ArrivalProcess = 'constant' | 'poisson';

export interface LoadOptions {
  /** Only 127.0.0.1 by default: the lab measures servers on this machine. */
  host?: string;
  port: number;
  /** Request target, `/` by default. */
  path?: string;
  /**
   * `closed` (default): each connection sends its next request as soon as the previous one is
   * answered (after `thinkTimeMs`). `open`: requests are due at `rateRps` whether or not earlier
   * ones were answered, sent on the first free of `connections` connections.
   */
  mode?: LoadMode;
  /** Closed loop: the number of clients. Open loop: the connections requests are sent on. */
  connections: number;
  /** Closed loop: a client waits this long after an answer before its next request. */
  thinkTimeMs?: number;
  /** Open loop: requests per second. */
  rateRps?: number;
  /** Open loop: evenly spaced (`constant`, default) or random, memoryless (`poisson`) arrivals. */
  arrival?: ArrivalProcess;
  /** Seed of the Poisson arrivals. */
  seed?: number;
  /** The measured window, after the warm-up. */
  durationMs: number;
  /** Requests finishing (closed) or due (open) during the warm-up are not counted. */
  warmupMs: number;
  /** A request unanswered for this long counts as an error and its connection is dropped. */
  timeoutMs: number;
  /** How often an interval sample is reported; 100 ms by default. */
  sampleIntervalMs?: number;
  /** Stops after this many measured requests, whatever the time (a safety bound). */
  maximumRequests?: number;
}

/** The closed-loop generator's options (`mode` defaults to closed). */
export type ClosedLoadOptions = LoadOptions;

/** One interval of the measured window. */
export interface LoadIntervalSample {
  /** Milliseconds since the measured window began, at the end of this interval. */
  elapsedMs: number;
  intervalMs: number;
  requests: number;
  throughputRps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** p99 of the same requests timed from when they were actually sent (differs in open loop only). */
  uncorrectedLatencyP99Ms: number;
  errors: number;
}

/** What the clients themselves sent and received over the whole run, warm-up and drain included. */
export interface LoadTraffic {
  bytesSent: number;
  bytesReceived: number;
  connectionsOpened: number;
  /** Whole responses received (any status). */
  responses: number;
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
  /**
   * Latencies of the successful requests, in microseconds, from the moment each was due: in open
   * loop its intended send time, so time spent waiting for a free connection counts.
   */
  histogram: SerializedHistogram;
  /** The same requests timed from their actual send: what a naive generator reports. */
  uncorrectedHistogram: SerializedHistogram;
  mode: LoadMode;
  /** Open loop: the rate asked for. */
  offeredRps?: number;
  /** Open loop: requests due in the window still unanswered when the run ended (neither counted nor errors). */
  unfinished: number;
  /** Stopped before the end of the window (asked to, or hit `maximumRequests`). */
  stoppedEarly: boolean;
  traffic: LoadTraffic;
}

export type LoadWorkerMessage = { type: 'sample'; sample: LoadIntervalSample } | { type: 'done'; result: LoadResult };

export type LoadControlMessage = { type: 'stop' };
