import type { TableSpec } from '../../preload/api.ts';

/** A path into the metrics: record keys, and item indices for lists. */
export type MetricPath = readonly (string | number)[];

export interface MetricLeaf {
  path: MetricPath;
  value: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Every value the metrics hold, by path: records are entered key by key, lists of records item by
 * item; anything else (a number, a text, a list of numbers) is one leaf. Empty lists and records
 * hold nothing.
 */
export function metricLeaves(root: unknown): MetricLeaf[] {
  const leaves: MetricLeaf[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (isRecord(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
    } else if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) {
      value.forEach((item, index) => walk(item, [...path, index]));
    } else if (!(Array.isArray(value) && value.length === 0)) {
      leaves.push({ path, value });
    }
  };
  walk(root, []);
  return leaves;
}

/** A path whose `*` segments stand for any item of a list. */
type PathPattern = readonly string[];

const split = (dotted: string): string[] => (dotted === '' ? [] : dotted.split('.'));

/** The metrics each declared table shows (or says are repeated elsewhere), as path patterns. */
export function shownPatterns(specs: readonly TableSpec[]): PathPattern[] {
  const patterns: PathPattern[] = [];
  for (const spec of specs) {
    for (const repeated of spec.repeats ?? []) patterns.push(split(repeated));
    if (spec.kind === 'list') {
      const outer = [...split(spec.list), '*'];
      const inner = spec.each === undefined ? outer : [...outer, ...split(spec.each), '*'];
      for (const column of spec.columns) patterns.push([...(column.fromOuter === true ? outer : inner), ...split(column.path)]);
    } else {
      for (const field of spec.values) patterns.push([...split(spec.record), ...split(field.path)]);
    }
  }
  return patterns;
}

function matches(pattern: PathPattern, path: MetricPath): boolean {
  if (pattern.length > path.length) return false;
  return pattern.every((segment, index) => {
    const actual = path[index]!;
    return segment === '*' ? typeof actual === 'number' : segment === String(actual);
  });
}

/** True when some pattern covers the path (equals it or one of its beginnings). */
export function isShown(path: MetricPath, patterns: readonly PathPattern[]): boolean {
  return patterns.some((pattern) => matches(pattern, path));
}
