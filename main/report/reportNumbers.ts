import type { Language } from '../../preload/api.ts';

// Numbers as a reader of each language writes them (1,234.5 in English, 1.234,5 in Portuguese).

export function formatNumber(value: number, language: Language, maximumFractionDigits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return new Intl.NumberFormat(language, { maximumFractionDigits }).format(value);
}

export function formatDuration(milliseconds: number, language: Language): string {
  if (milliseconds < 1000) return `${formatNumber(milliseconds, language, 1)} ms`;
  return `${formatNumber(milliseconds / 1000, language, 2)} s`;
}

export function formatBytes(bytes: number, language: Language): string {
  const gibibyte = 1024 ** 3;
  if (bytes >= gibibyte) return `${formatNumber(bytes / gibibyte, language, 1)} GiB`;
  return `${formatNumber(bytes / 1024 ** 2, language, 0)} MiB`;
}
