import { HdrHistogram, type SerializedHistogram } from '../../measure/hdrHistogram.ts';
import type { LoadErrorKind, LoadResult } from '../../measure/httpLoad/loadMessages.ts';
import type { MeasurementPoint } from './measurementPlan.ts';
import type { ServerCpuUse } from './cpu/cpuScaling.ts';
import type { ModelPrediction } from './serverModel.ts';

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** A server's summary in the run's `servers` list, the shape scripts and the lab's checks read. */
export interface ServerSummary {
  name: string;
  architecture: string;
  requests: number;
  throughputRps: number;
  latencyMs: LatencySummary;
  errors: number;
}

export interface DetailedLatency extends LatencySummary {
  p999: number;
  mean: number;
  /** Requests the figures are computed from. */
  count: number;
}

/**
 * One server measured under one setting: its summary plus everything else measured. The run's
 * `servers` list keeps the plain summary; these go in `measurements`.
 */
export interface ServerMeasurement extends ServerSummary {
  /** Open loop: from each request's intended send time (corrected for coordinated omission). */
  latencyMs: DetailedLatency;
  /** From the actual send, as a naive load generator reports; the same as latencyMs in closed loop. */
  uncorrectedLatencyMs: DetailedLatency;
  loadMode: 'closed' | 'open';
  /** How long the measured window lasted (shorter than load.duration when the run was stopped). */
  measuredMs: number;
  /** Open loop: the rate asked for. */
  offeredRps?: number;
  /** Open loop: requests due in the window still unanswered at the end. */
  unfinished: number;
  errorsByKind: Record<LoadErrorKind, number>;
  sweepParameter?: string;
  sweepValue?: number;
  /** The queueing model's prediction for the same setting, where one applies. */
  model?: ModelPrediction;
  /** Processes (process-per-request) or threads (thread-per-request) the server started. */
  processesStarted?: number;
  threadsStarted?: number;
  /** The CPU the server's threads and processes used in the window, and what the rest of the machine did. */
  cpu?: ServerCpuUse;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A recorded histogram (µs) as milliseconds, 3 decimals. */
export function detailedLatency(serialized: SerializedHistogram): DetailedLatency {
  const histogram = HdrHistogram.fromSerialized(serialized);
  const milliseconds = (microseconds: number): number => roundTo(microseconds / 1000, 3);
  return {
    p50: milliseconds(histogram.percentile(50)),
    p90: milliseconds(histogram.percentile(90)),
    p99: milliseconds(histogram.percentile(99)),
    p999: milliseconds(histogram.percentile(99.9)),
    max: milliseconds(histogram.max),
    mean: milliseconds(histogram.mean),
    count: histogram.count,
  };
}

export function serverMetricsOf(
  point: MeasurementPoint,
  result: LoadResult,
  extra: { model?: ModelPrediction; processesStarted?: number; threadsStarted?: number; cpu?: ServerCpuUse },
): ServerMeasurement {
  const metrics: ServerMeasurement = {
    name: point.seriesName,
    architecture: point.server?.architecture ?? 'already-running',
    requests: result.requests,
    throughputRps: roundTo(result.throughputRps, 1),
    latencyMs: detailedLatency(result.histogram),
    errors: result.errors,
    uncorrectedLatencyMs: detailedLatency(result.uncorrectedHistogram),
    loadMode: result.mode,
    measuredMs: roundTo(result.measuredMs, 1),
    unfinished: result.unfinished,
    errorsByKind: result.errorsByKind,
  };
  if (result.offeredRps !== undefined) metrics.offeredRps = result.offeredRps;
  if (point.sweep !== undefined) {
    metrics.sweepParameter = point.sweep.parameter;
    metrics.sweepValue = point.sweep.value;
  }
  if (extra.model !== undefined) {
    metrics.model = {
      ...extra.model,
      throughputRps: roundTo(extra.model.throughputRps, 1),
      latencyMeanMs: roundTo(extra.model.latencyMeanMs, 3),
    };
  }
  if (extra.processesStarted !== undefined) metrics.processesStarted = extra.processesStarted;
  if (extra.threadsStarted !== undefined) metrics.threadsStarted = extra.threadsStarted;
  if (extra.cpu !== undefined) metrics.cpu = extra.cpu;
  return metrics;
}
