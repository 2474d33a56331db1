import type { Language } from '../../../preload/api.ts';
import { formatNumber as formatLocaleNumber, formatTime } from '../../../common/format/localeNumbers.ts';

// Numbers and times as people read them in the chosen language (decimal comma in pt-BR); the
// digits themselves come from common/format, as in the report and the CLI.

export function formatNumber(value: number, language: Language, maximumFractionDigits = 1): string {
  return formatLocaleNumber(value, language, maximumFractionDigits);
}

export function formatDuration(durationMs: number | null, language: Language): string {
  if (durationMs === null) return '—';
  return formatTime(durationMs, language, 'ms');
}

export function formatDateTime(isoText: string, language: Language): string {
  const date = new Date(isoText);
  if (Number.isNaN(date.getTime())) return isoText;
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' }).format(date);
}

export function formatRunTime(timeMs: number): string {
  return `${(timeMs / 1000).toFixed(3)} s`;
}
