import { parse } from 'yaml';

/** One scenario setting that is not the same in every compared run: its path and each run's value. */
export interface ScenarioDifference {
  path: string;
  values: string[];
}

function flatten(value: unknown, path: string, into: Map<string, string>): void {
  if (Array.isArray(value)) {
    // List items are named by their `name` where they have one, so reordering reads as such.
    value.forEach((item, index) => {
      const name = item !== null && typeof item === 'object' && typeof (item as Record<string, unknown>).name === 'string' ? (item as Record<string, string>).name : String(index);
      flatten(item, `${path}[${name}]`, into);
    });
    if (value.length === 0) into.set(path, '[]');
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) flatten(child, path === '' ? key : `${path}.${key}`, into);
  } else {
    into.set(path, value === undefined || value === null ? '' : String(value));
  }
}

function settings(scenarioText: string): Map<string, string> {
  const values = new Map<string, string>();
  try {
    flatten(parse(scenarioText), '', values);
  } catch {
    values.set('', scenarioText);
  }
  return values;
}

/** The settings whose values differ between the scenarios, in the order they are first written; absent ones are ''. */
export function scenarioDifferences(scenarioTexts: readonly string[]): ScenarioDifference[] {
  const all = scenarioTexts.map(settings);
  const paths = [...new Set(all.flatMap((values) => [...values.keys()]))];
  return paths
    .map((path) => ({ path, values: all.map((values) => values.get(path) ?? '') }))
    .filter((difference) => new Set(difference.values).size > 1);
}
