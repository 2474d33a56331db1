import { HdrHistogram } from '../../measure/hdrHistogram.ts';

/**
 * Durations kept in an HDR histogram at nanosecond resolution. The histogram stores integers, and
 * an in-process task or a shared-memory round trip takes around a microsecond: recorded in whole
 * microseconds they would all read 0 or 1. Nanoseconds keep 3 significant digits up to 3.6 s,
 * far above anything timed here (longer values are clamped and flagged by `maxUs`).
 */
export class DurationRecorder {
  readonly #histogram = new HdrHistogram();

  recordMilliseconds(milliseconds: number): void {
    this.#histogram.record(milliseconds * 1e6);
  }

  get count(): number {
    return this.#histogram.count;
  }

  /** Percentile in microseconds, rounded to the nanosecond. */
  percentileUs(percentile: number): number {
    return microsecondsOf(this.#histogram.percentile(percentile));
  }

  get maxUs(): number {
    return microsecondsOf(this.#histogram.max);
  }

  get meanUs(): number {
    return microsecondsOf(this.#histogram.mean);
  }
}

function microsecondsOf(nanoseconds: number): number {
  return Math.round(nanoseconds) / 1000;
}
