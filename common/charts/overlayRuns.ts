import type { ChartSpec, RunMetrics, Sample } from '../../preload/api.ts';
import { runSeriesOrder } from './timeSeriesChart.ts';
import { valueAtPath } from './valueAtPath.ts';

/** One run among several drawn in the same charts, named by a short label (`#1`). */
export interface OverlaidRun {
  label: string;
  samples: readonly Sample[];
  metrics: RunMetrics | null;
}

/** What one chart is drawn from when several runs share it. */
export interface OverlaidChartData {
  samples: Sample[];
  metrics: RunMetrics | null;
  seriesOrder: string[];
}

function prefixed(run: OverlaidRun, name: string): string {
  return `${run.label} ${name}`;
}

/** A name `prefixed` gave a run's series or bar, split back into its run's label and its own name. */
export function splitRunPrefix(name: string): { runLabel: string; name: string } | undefined {
  const match = /^(#\d+) (.*)$/su.exec(name);
  return match === null ? undefined : { runLabel: match[1]!, name: match[2]! };
}

/** A copy of `root` with `list` (a dotted path) set to `items`. */
function withList(root: RunMetrics, list: string, items: unknown[]): RunMetrics {
  const keys = list.split('.');
  const copy: Record<string, unknown> = { ...root };
  let current = copy;
  for (const [index, key] of keys.entries()) {
    if (index === keys.length - 1) current[key] = items;
    else {
      const next = current[key];
      const nested: Record<string, unknown> = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...(next as Record<string, unknown>) } : {};
      current[key] = nested;
      current = nested;
    }
  }
  return copy;
}

function renamedItems(run: OverlaidRun, list: string, nameKey: string): unknown[] {
  const items = run.metrics === null ? undefined : valueAtPath(run.metrics, list);
  if (!Array.isArray(items)) return [];
  return items.map((item) =>
    item !== null && typeof item === 'object' ? { ...(item as Record<string, unknown>), [nameKey]: prefixed(run, String(valueAtPath(item, nameKey) ?? '')) } : item,
  );
}

/**
 * Merges several runs into the data of one chart: every series (or bar, or line of points) is
 * named after its run (`#2 event-driven`), and colours follow runs first, then each run's own
 * series order, so a run's series has the same colour in every chart of the comparison.
 */
export function overlayRuns(spec: ChartSpec, runs: readonly OverlaidRun[]): OverlaidChartData {
  const seriesOrder = runs.flatMap((run) => runSeriesOrder(run.samples).map((series) => prefixed(run, series)));
  const samples = runs.flatMap((run) => run.samples.map((sample) => ({ ...sample, series: prefixed(run, sample.series) })));
  const base = runs.find((run) => run.metrics !== null)?.metrics ?? null;
  if (base === null || (spec.kind !== 'bars' && spec.kind !== 'xy' && spec.kind !== 'flow')) return { samples, metrics: base, seriesOrder };
  const nameKey = spec.kind === 'bars' ? spec.labelKey : spec.kind === 'xy' ? spec.series : spec.panelKey;
  const items = runs.flatMap((run) => renamedItems(run, spec.list, nameKey));
  return { samples, metrics: withList(base, spec.list, items), seriesOrder };
}
