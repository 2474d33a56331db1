import type { CheckResult, RunMetrics, Sample } from '../../preload/api.ts';

export interface ValueComparison {
  /** Metrics path, or `series › key` for samples (their medians are compared). */
  what: string;
  reported: number;
  rerun: number;
  /** rerun / reported; null when the reported value is 0. */
  ratio: number | null;
  /** Differs by more than the tolerance factor either way. */
  far: boolean;
}

export interface RerunComparison {
  metrics: ValueComparison[];
  samples: ValueComparison[];
  checks: { checkId: string; reported: boolean | null; rerun: boolean | null }[];
  /** Values only one of the runs has. */
  unmatched: string[];
}

function numericLeaves(value: unknown, path: string, into: Map<string, number>): void {
  if (typeof value === 'number' && Number.isFinite(value)) {
    into.set(path, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      // Lists of records read best by their name: servers[name=pool] rather than servers.2.
      const record = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
      const key = record === undefined ? undefined : ['name', 'kind', 'design', 'strategy', 'method', 'architecture', 'channel'].find((candidate) => typeof record[candidate] === 'string');
      numericLeaves(item, key === undefined ? `${path}.${index}` : `${path}[${key}=${String(record![key])}]`, into);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) numericLeaves(member, path === '' ? key : `${path}.${key}`, into);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function sampleMedians(samples: readonly Sample[]): Map<string, number> {
  const values = new Map<string, number[]>();
  for (const sample of samples) {
    for (const [key, value] of Object.entries(sample.values)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const name = `${sample.series} › ${key}`;
      const list = values.get(name) ?? [];
      list.push(value);
      values.set(name, list);
    }
  }
  return new Map([...values].map(([name, list]) => [name, median(list)]));
}

function compareMaps(reported: Map<string, number>, rerun: Map<string, number>, tolerance: number, unmatched: string[]): ValueComparison[] {
  const comparisons: ValueComparison[] = [];
  for (const [what, reportedValue] of reported) {
    const rerunValue = rerun.get(what);
    if (rerunValue === undefined) {
      unmatched.push(what);
      continue;
    }
    const ratio = reportedValue === 0 ? null : rerunValue / reportedValue;
    const far = ratio === null ? rerunValue !== 0 && Math.abs(rerunValue) > 1e-9 : ratio <= 0 || ratio > tolerance || ratio < 1 / tolerance;
    comparisons.push({ what, reported: reportedValue, rerun: rerunValue, ratio, far });
  }
  for (const what of rerun.keys()) if (!reported.has(what)) unmatched.push(what);
  return comparisons;
}

/**
 * Sets a report's numbers beside a fresh run of its scenario and seed. Measured times differ
 * between machines and runs, so nothing here is a verdict: a number many times off what the
 * scenario gives on the instructor's machine is worth a conversation, not proof.
 */
export function compareRerun(
  reported: { metrics: RunMetrics | null; samples: readonly Sample[]; checks: readonly CheckResult[] },
  rerun: { metrics: RunMetrics | null; samples: readonly Sample[]; checks: readonly CheckResult[] },
  tolerance: number,
): RerunComparison {
  const unmatched: string[] = [];
  const reportedLeaves = new Map<string, number>();
  const rerunLeaves = new Map<string, number>();
  numericLeaves(reported.metrics ?? {}, '', reportedLeaves);
  numericLeaves(rerun.metrics ?? {}, '', rerunLeaves);
  const metrics = compareMaps(reportedLeaves, rerunLeaves, tolerance, unmatched);
  const samples = compareMaps(sampleMedians(reported.samples), sampleMedians(rerun.samples), tolerance, unmatched);
  const checkIds = [...new Set([...reported.checks, ...rerun.checks].map((check) => check.checkId))];
  const checks = checkIds.map((checkId) => ({
    checkId,
    reported: reported.checks.find((check) => check.checkId === checkId)?.passed ?? null,
    rerun: rerun.checks.find((check) => check.checkId === checkId)?.passed ?? null,
  }));
  return { metrics, samples, checks, unmatched };
}
