import type { Language } from '../../preload/api.ts';

// Numbers as a reader of each language writes them: 1,234.5 in English, 1.234,5 in Brazilian
// Portuguese. Every face (window, report, CLI) formats through here, so they never disagree.

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (cached === undefined) {
    cached = new Intl.NumberFormat(language, options);
    formatters.set(key, cached);
  }
  return cached;
}

/** At most `maximumFractionDigits` decimals, trailing zeros dropped; '—' for what is not a finite number. */
export function formatNumber(value: number, language: Language, maximumFractionDigits = 2): string {
  if (!Number.isFinite(value)) return '—';
  return formatter(language, { maximumFractionDigits }).format(value);
}

/** Exactly `digits` decimals, so a column of them lines up. */
export function formatFixed(value: number, language: Language, digits: number): string {
  if (!Number.isFinite(value)) return '—';
  return formatter(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function formatInteger(value: number, language: Language): string {
  return formatFixed(value, language, 0);
}

/** A fraction written as a percentage (0.125 → 12.5%). */
export function formatPercent(fraction: number, language: Language, digits: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return formatter(language, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(fraction);
}

/** Three significant digits: enough to compare, few enough to read (25.6, 339, 0.931). */
export function formatSignificant(value: number, language: Language): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return formatFixed(value, language, 0);
  return formatter(language, { maximumSignificantDigits: 3 }).format(value);
}

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A byte count in the binary unit that suits it: 512 B, 3.92 MiB. */
export function formatBytes(bytes: number, language: Language): string {
  if (!Number.isFinite(bytes)) return '—';
  let scaled = Math.abs(bytes);
  let unit = 0;
  while (scaled >= 1024 && unit < binaryUnits.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  const signed = Math.sign(bytes) * scaled;
  return `${unit === 0 ? formatInteger(signed, language) : formatSignificant(signed, language)} ${binaryUnits[unit]}`;
}

export type TimeUnit = 'us' | 'ms' | 's';

const microsecondsPer: Record<TimeUnit, number> = { us: 1, ms: 1_000, s: 1_000_000 };

/** A time in the unit that suits it (850 µs, 12.5 ms, 3.21 s, 2 min 5 s), from a value measured in `from`. */
export function formatTime(value: number, language: Language, from: TimeUnit = 'ms'): string {
  if (!Number.isFinite(value)) return '—';
  const microseconds = value * microsecondsPer[from];
  const magnitude = Math.abs(microseconds);
  if (magnitude === 0) return `0 ${from === 'us' ? 'µs' : from}`;
  if (magnitude < 1_000) return `${formatSignificant(microseconds, language)} µs`;
  if (magnitude < 1_000_000) return `${formatSignificant(microseconds / 1_000, language)} ms`;
  if (magnitude < 120_000_000) return `${formatSignificant(microseconds / 1_000_000, language)} s`;
  const totalSeconds = Math.round(magnitude / 1_000_000);
  return `${microseconds < 0 ? '-' : ''}${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
}
