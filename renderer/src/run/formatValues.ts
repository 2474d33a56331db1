import type { Language } from '../../../preload/api.ts';

// Numbers and times as people read them in the chosen language (decimal comma in pt-BR).

export function formatNumber(value: number, language: Language, maximumFractionDigits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(language, { maximumFractionDigits }).format(value);
}

export function formatDuration(durationMs: number | null, language: Language): string {
  if (durationMs === null || !Number.isFinite(durationMs)) return '—';
  if (durationMs < 1000) return `${formatNumber(durationMs, language, 0)} ms`;
  if (durationMs < 120_000) return `${formatNumber(durationMs / 1000, language, 1)} s`;
  const minutes = Math.floor(durationMs / 60_000);
  const seconds = Math.round((durationMs % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

export function formatDateTime(isoText: string, language: Language): string {
  const date = new Date(isoText);
  if (Number.isNaN(date.getTime())) return isoText;
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' }).format(date);
}

export function formatRunTime(timeMs: number): string {
  return `${(timeMs / 1000).toFixed(3)} s`;
}
