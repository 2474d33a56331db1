// Human units in scenarios: durations (`250ms`, `5s`) and sizes (`64MiB`, `4KiB`).
import { quotedValue } from './quotedValue.ts';

// Maps, not object literals: a unit read from a scenario is looked up among these units only,
// never among an object's inherited members (`5constructor`, `5toString`).
const durationUnitsMs: ReadonlyMap<string, number> = new Map(Object.entries({
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
}));

const sizeUnitsBytes: ReadonlyMap<string, number> = new Map(Object.entries({
  B: 1,
  kB: 1000,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
}));

const quantityPattern = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-zµ]+)\s*$/;

export type UnitParse = { ok: true; value: number } | { ok: false; message: string };

function parseQuantity(text: string, units: ReadonlyMap<string, number>, what: string, example: string): UnitParse {
  const match = quantityPattern.exec(text);
  if (!match) {
    return { ok: false, message: `expected a ${what} with a unit, like ${example}; got ${quotedValue(text)}` };
  }
  const factor = units.get(match[2]!);
  if (factor === undefined) {
    return {
      ok: false,
      message: `unknown ${what} unit "${match[2]}" (use ${[...units.keys()].join(', ')})`,
    };
  }
  const value = Number(match[1]) * factor;
  if (!Number.isFinite(value)) return { ok: false, message: `${quotedValue(text)} is too large a ${what}` };
  return { ok: true, value };
}

export function parseDurationMs(text: string): UnitParse {
  return parseQuantity(text, durationUnitsMs, 'duration', '250ms or 5s');
}

export function parseSizeBytes(text: string): UnitParse {
  const parsed = parseQuantity(text, sizeUnitsBytes, 'size', '512B, 4KiB or 64MiB');
  if (parsed.ok && !Number.isInteger(parsed.value)) {
    return { ok: false, message: `a size must be a whole number of bytes; ${quotedValue(text)} is ${parsed.value} bytes` };
  }
  return parsed;
}

export const durationPattern = `^\\s*\\d+(\\.\\d+)?\\s*(${[...durationUnitsMs.keys()].join('|')})\\s*$`;
export const sizePattern = `^\\s*\\d+(\\.\\d+)?\\s*(${[...sizeUnitsBytes.keys()].join('|')})\\s*$`;

export function formatDurationMs(milliseconds: number): string {
  if (milliseconds >= 1000 && milliseconds % 1000 === 0) return `${milliseconds / 1000}s`;
  if (milliseconds < 1) return `${Math.round(milliseconds * 1000)}us`;
  return `${milliseconds}ms`;
}

export function formatSizeBytes(bytes: number): string {
  for (const [unit, factor] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return `${bytes}B`;
}
