import { ref, watch, type Ref } from 'vue';
import { readStored, writeStored } from '../storage/localStore.ts';

/** Shares of the window's width for the instructions, editor and results panes; they add up to 1. */
export type PaneShares = [number, number, number];

export const defaultPaneShares: PaneShares = [0.27, 0.37, 0.36];
/** No pane is squeezed below this share, so a drag can never hide one. */
export const minimumPaneShare = 0.12;
const storageKey = 'proclab.paneShares';

function isShares(value: unknown): value is PaneShares {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((share) => typeof share === 'number' && Number.isFinite(share) && share >= minimumPaneShare) &&
    Math.abs(value.reduce((sum: number, share: number) => sum + share, 0) - 1) < 0.01
  );
}

function storedShares(): PaneShares {
  try {
    const parsed: unknown = JSON.parse(readStored(storageKey) ?? 'null');
    return isShares(parsed) ? parsed : [...defaultPaneShares];
  } catch {
    return [...defaultPaneShares];
  }
}

/**
 * Moves the border after pane `border` (0: between instructions and editor, 1: between editor and
 * results) by `delta` of the width; the two panes beside it trade width, the third keeps its own.
 */
export function movePaneBorder(shares: PaneShares, border: 0 | 1, delta: number): PaneShares {
  const next: PaneShares = [...shares];
  const pair = shares[border] + shares[border + 1]!;
  const left = Math.min(pair - minimumPaneShare, Math.max(minimumPaneShare, shares[border] + delta));
  next[border] = left;
  next[border + 1] = pair - left;
  return next;
}

/** The window's pane shares, remembered between sessions. */
export function usePaneShares(): Ref<PaneShares> {
  const shares = ref<PaneShares>(storedShares());
  watch(shares, (value) => writeStored(storageKey, JSON.stringify(value)));
  return shares;
}
