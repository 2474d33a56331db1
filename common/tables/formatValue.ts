import type { Language, TableField, ValueFormat } from '../../preload/api.ts';
import { formatBytes, formatFixed, formatInteger, formatNumber, formatPercent, formatTime } from '../format/localeNumbers.ts';
import type { TableCell } from './tableModel.ts';
import { missingValue, tableWords } from './tableWords.ts';

const numericFormats = new Set<ValueFormat['kind']>(['integer', 'fixed', 'percent', 'bytes', 'bytesPerSecond', 'duration']);

/** Whether a column of this format holds numbers (and so is aligned to the right). */
export function isNumericFormat(format: ValueFormat | undefined): boolean {
  return format !== undefined && numericFormats.has(format.kind);
}

function formatNumberAs(value: number, format: ValueFormat | undefined, language: Language): string {
  switch (format?.kind) {
    case 'integer':
      return formatInteger(value, language);
    case 'fixed':
      return formatFixed(value, language, format.digits);
    case 'percent':
      return formatPercent(value, language, format.digits);
    case 'bytes':
      return formatBytes(value, language);
    case 'bytesPerSecond':
      return `${formatBytes(value, language)}/s`;
    case 'duration':
      return formatTime(value, language, format.from);
    case 'yesNo':
      return value === 0 ? tableWords[language].no : tableWords[language].yes;
    case 'text':
      return String(value);
    case undefined:
      return Number.isInteger(value) ? formatInteger(value, language) : formatNumber(value, language, 3);
  }
}

function plainText(value: unknown, language: Language): string {
  if (typeof value === 'boolean') return value ? tableWords[language].yes : tableWords[language].no;
  if (typeof value === 'number') return formatNumberAs(value, undefined, language);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => (item !== null && typeof item === 'object' ? JSON.stringify(item) : plainText(item, language))).join(', ');
  return JSON.stringify(value);
}

/** Nothing measured here: absent, null, or an empty text (a reason where there was none). */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** One value as a cell: missing, a word the field gives for it, or formatted as the field says. */
export function formatValue(value: unknown, field: Pick<TableField, 'format' | 'valueTexts'>, language: Language): TableCell {
  if (isMissing(value)) return { text: missingValue, numeric: isNumericFormat(field.format), missing: true };
  const word = field.valueTexts?.[String(value)];
  if (word !== undefined) return { text: word[language] ?? word.en, numeric: false, missing: false };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { text: missingValue, numeric: true, missing: true };
    return { text: formatNumberAs(value, field.format, language), numeric: field.format?.kind !== 'text' && field.format?.kind !== 'yesNo', missing: false };
  }
  return { text: plainText(value, language), numeric: false, missing: false };
}
