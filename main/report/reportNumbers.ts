import type { Language } from '../../preload/api.ts';
import { formatBytes as formatByteCount, formatNumber as formatLocaleNumber, formatTime } from '../../common/format/localeNumbers.ts';

// The report's facts (run duration, memory) written the way the window writes them.

export function formatNumber(value: number, language: Language, maximumFractionDigits = 2): string {
  return formatLocaleNumber(value, language, maximumFractionDigits);
}

export function formatDuration(milliseconds: number, language: Language): string {
  return formatTime(milliseconds, language, 'ms');
}

export function formatBytes(bytes: number, language: Language): string {
  return formatByteCount(bytes, language);
}
