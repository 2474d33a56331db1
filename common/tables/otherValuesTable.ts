import type { Language, RunMetrics, TableSpec } from '../../preload/api.ts';
import { formatValue } from './formatValue.ts';
import { isShown, metricLeaves, shownPatterns, type MetricPath } from './metricLeaves.ts';
import type { TableModel } from './tableModel.ts';
import { tableWords } from './tableWords.ts';

/** The record at the beginning of `path`, to name a list item by its `name` rather than its index. */
function itemName(metrics: RunMetrics, path: MetricPath, upTo: number): string {
  let current: unknown = metrics;
  for (const segment of path.slice(0, upTo + 1)) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  const name = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)['name'] : undefined;
  return typeof name === 'string' && name !== '' ? name : String(path[upTo]);
}

/** `strategies[pre-copy].reason`, `lookupMs.p50`. */
export function describePath(metrics: RunMetrics, path: MetricPath): string {
  return path.reduce<string>((text, segment, index) => {
    if (typeof segment === 'number') return `${text}[${itemName(metrics, path, index)}]`;
    return text === '' ? segment : `${text}.${segment}`;
  }, '');
}

/**
 * Everything measured that no declared table shows, one value per row by its path, so a metric an
 * engine adds before declaring it is still seen. Null when the declared tables show everything.
 */
export function otherValuesTable(specs: readonly TableSpec[], metrics: RunMetrics | null, language: Language): TableModel | null {
  if (metrics === null) return null;
  const patterns = shownPatterns(specs);
  const leaves = metricLeaves(metrics).filter((leaf) => !isShown(leaf.path, patterns));
  if (leaves.length === 0) return null;
  const words = tableWords[language];
  return {
    id: 'other-values',
    title: words.otherValues,
    kind: 'other',
    rowHeadings: true,
    headings: [
      { text: words.metric, title: words.metric, unit: '', path: '', numeric: false },
      { text: words.value, title: words.value, unit: '', path: '', numeric: true },
    ],
    rows: leaves.map((leaf, index) => {
      const path = describePath(metrics, leaf.path);
      // Two list items may share a name; the index keeps the rows apart.
      return { key: `${path}#${index}`, cells: [{ text: path, numeric: false, missing: false }, formatValue(leaf.value, {}, language)] };
    }),
  };
}
