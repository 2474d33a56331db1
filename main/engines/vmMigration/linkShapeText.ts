// Link bandwidths as people write them: `1Gbit`, `100Mbit`, `2.5Gbit`, `500MB/s`, or `unlimited`.

const bitsPerSecond: Record<string, number> = { kbit: 1e3, mbit: 1e6, gbit: 1e9 };
const bytesPerSecond: Record<string, number> = { 'kb/s': 1e3, 'mb/s': 1e6, 'gb/s': 1e9 };

/** What the pattern accepts, for messages. */
export const bandwidthHint = '100Mbit, 1Gbit, 500MB/s or unlimited';

export const bandwidthPattern = '^\\s*(unlimited|0|\\d+(\\.\\d+)?\\s*([kKmMgG]bit|[kKmMgG]B/s))\\s*$';

/** Bytes per second; 0 for `unlimited`. Undefined when the text is not a bandwidth. */
export function parseBandwidth(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === 'unlimited' || trimmed === '0') return 0;
  const match = /^(\d+(?:\.\d+)?)\s*([A-Za-z/]+)$/.exec(trimmed);
  if (match === null) return undefined;
  const unit = match[2]!.toLowerCase();
  const value = Number(match[1]);
  if (bitsPerSecond[unit] !== undefined) return (value * bitsPerSecond[unit]) / 8;
  if (bytesPerSecond[unit] !== undefined) return value * bytesPerSecond[unit];
  return undefined;
}
