// Percentiles of a small set of measured durations, for labs that keep every value (tens to a
// few thousands) rather than a histogram.

/** The value below which `fraction` of the sorted values lie (nearest rank); 0 for none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** p50, p90, p99 and the maximum, rounded to the microsecond (values in milliseconds). */
export function latencySummary(values: readonly number[]): { p50: number; p90: number; p99: number; max: number } {
  const sorted = [...values].sort((left, right) => left - right);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return { p50: round(percentile(sorted, 0.5)), p90: round(percentile(sorted, 0.9)), p99: round(percentile(sorted, 0.99)), max: round(sorted[sorted.length - 1] ?? 0) };
}
