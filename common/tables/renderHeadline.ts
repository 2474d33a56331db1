import type { HeadlineSpec, Language, RunMetrics, TableField } from '../../preload/api.ts';
import { readPath } from '../metricPath.ts';
import { formatValue } from './formatValue.ts';

const shownRecords = 4;

function fieldText(record: unknown, field: TableField, language: Language): string | null {
  const cell = formatValue(readPath(record, field.path), field, language);
  if (cell.missing) return null;
  const unit = field.unit === undefined || field.unit === '' ? '' : field.unit === '%' || field.unit === '×' ? field.unit : ` ${field.unit}`;
  const title = field.title[language] ?? field.title.en;
  return title === '' ? `${cell.text}${unit}` : `${title} ${cell.text}${unit}`;
}

function recordText(record: unknown, spec: HeadlineSpec, language: Language): string {
  return spec.values
    .map((field) => fieldText(record, field, language))
    .filter((text): text is string => text !== null)
    .join(', ');
}

/**
 * A run's headline as its engine declares it, in the reader's language (`pre-copy: downtime
 * 12.4 ms, total 1.94 s · post-copy: …`); null when the run has none of its values (yet).
 */
export function renderHeadline(spec: HeadlineSpec, metrics: RunMetrics | null, language: Language): string | null {
  if (metrics === null) return null;
  if (spec.list !== undefined) {
    const records = readPath(metrics, spec.list);
    if (!Array.isArray(records)) return null;
    const parts = records.slice(0, shownRecords).flatMap((record) => {
      const values = recordText(record, spec, language);
      if (values === '') return [];
      if (spec.label === undefined) return [values];
      const labelCell = formatValue(readPath(record, spec.label.path), { format: { kind: 'text' }, ...(spec.label.valueTexts === undefined ? {} : { valueTexts: spec.label.valueTexts }) }, language);
      return [`${labelCell.text}: ${values}`];
    });
    const more = records.length > shownRecords ? ' · …' : '';
    return parts.length === 0 ? null : parts.join(' · ') + more;
  }
  const record = spec.record === undefined || spec.record === '' ? metrics : readPath(metrics, spec.record);
  const text = recordText(record, spec, language);
  return text === '' ? null : text;
}
