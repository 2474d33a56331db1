import type { TextCell } from './htmlTextCells.ts';

export interface CellDifference {
  where: string;
  /** What the data gives ('' when the page has a cell the data does not). */
  expected: string;
  /** What the page shows ('' when the page lacks a cell the data has). */
  found: string;
}

/** Above this many cells in the part that differs, pair them by position instead of aligning them. */
const maxAlignedCells = 2_000;

/**
 * Compares the cells the data gives with the cells the page shows. Equal runs at both ends are
 * skipped (an edit touches a few cells of thousands); the rest is aligned with a longest common
 * subsequence, so a removed row is one difference rather than every row after it.
 */
export function compareCells(expected: readonly TextCell[], found: readonly TextCell[]): CellDifference[] {
  let start = 0;
  while (start < expected.length && start < found.length && expected[start]!.text === found[start]!.text) start += 1;
  let expectedEnd = expected.length;
  let foundEnd = found.length;
  while (expectedEnd > start && foundEnd > start && expected[expectedEnd - 1]!.text === found[foundEnd - 1]!.text) {
    expectedEnd -= 1;
    foundEnd -= 1;
  }
  const left = expected.slice(start, expectedEnd);
  const right = found.slice(start, foundEnd);
  if (left.length === 0 && right.length === 0) return [];
  if (left.length * right.length > maxAlignedCells * maxAlignedCells) return pairByPosition(left, right);
  return align(left, right);
}

function pairByPosition(left: readonly TextCell[], right: readonly TextCell[]): CellDifference[] {
  const differences: CellDifference[] = [];
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const expected = left[index];
    const found = right[index];
    if (expected?.text === found?.text) continue;
    differences.push({ where: (expected ?? found)!.where, expected: expected?.text ?? '', found: found?.text ?? '' });
  }
  return differences;
}

function align(left: readonly TextCell[], right: readonly TextCell[]): CellDifference[] {
  const columns = right.length + 1;
  // lengths[i][j]: longest common subsequence of left[i..] and right[j..].
  const lengths = new Uint32Array((left.length + 1) * columns);
  for (let i = left.length - 1; i >= 0; i -= 1) {
    for (let j = right.length - 1; j >= 0; j -= 1) {
      lengths[i * columns + j] = left[i]!.text === right[j]!.text ? lengths[(i + 1) * columns + j + 1]! + 1 : Math.max(lengths[(i + 1) * columns + j]!, lengths[i * columns + j + 1]!);
    }
  }
  const differences: CellDifference[] = [];
  let missing: TextCell[] = [];
  let extra: TextCell[] = [];
  const settle = (): void => {
    // Cells replaced in place read best as "expected X, found Y" pairs.
    const paired = Math.min(missing.length, extra.length);
    for (let index = 0; index < paired; index += 1) differences.push({ where: missing[index]!.where, expected: missing[index]!.text, found: extra[index]!.text });
    for (const cell of missing.slice(paired)) differences.push({ where: cell.where, expected: cell.text, found: '' });
    for (const cell of extra.slice(paired)) differences.push({ where: cell.where, expected: '', found: cell.text });
    missing = [];
    extra = [];
  };
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i < left.length && j < right.length && left[i]!.text === right[j]!.text) {
      settle();
      i += 1;
      j += 1;
    } else if (j >= right.length || (i < left.length && lengths[(i + 1) * columns + j]! >= lengths[i * columns + j + 1]!)) {
      missing.push(left[i++]!);
    } else {
      extra.push(right[j++]!);
    }
  }
  settle();
  return differences;
}
