// Pre-copy's prediction of its downtime, from what the migration measured before switch-over. The
// downtime runs from the guest's pause at the source to its first instruction at the destination;
// the model adds one measured term for each step of that path:
// - the source host noticing the pause: a pause-notice probe asks the running guest to answer and
//   waits for it blocked, as the stop itself waits (on a busy 2-core machine, often the slowest step);
// - the source host's own work before the first byte goes (finding the dirty pages);
// - the bytes the stop leaves (the dirty pages, the CPU and device state) at the link's bandwidth,
//   taken from the largest round (where the round trip's fixed cost is lost in the transfer time);
// - a small frame sent the way the CPU state goes (bulk channel, through the shaper) until the
//   destination's guest, woken as a resume wakes it, answers: the destination host's wake-up on the
//   frame, its work, and the guest's wake-up.
// Probes are spaced out so that each finds the threads asleep, as the switch-over will. No constant
// is fitted to the result: each term is a measurement or a byte count.
// What no probe sees is code that runs for the first time at the stop: if V8 drops optimised code
// there, the downtime pays for it (it cost about 1 ms at a 5 ms limit; SwitchOverRecord and
// LinkSender.pump say how that is avoided).
import { frameHeaderBytes } from '../link/linkFrames.ts';
import type { RoundStats } from './hostMessages.ts';
import type { SwitchOverProbe } from './sourceLink.ts';

export interface SwitchOverCosts {
  linkBandwidthBytesPerSecond: number;
  /** Everything but the bytes: pause notice, the source's work, the message to the running guest. */
  fixedMs: number;
}

/** Probes after each round, and the pause between them (long enough for threads to fall asleep). */
const probesPerRound = 4;
const probeSpacingMs = 2;

/** Samples of each fixed term, kept over the rounds. */
export interface FixedCostSamples {
  pauseNoticeMs: number[];
  sourceWorkMs: number[];
  toWokenGuestMs: number[];
}

export function emptyFixedCostSamples(): FixedCostSamples {
  return { pauseNoticeMs: [], sourceWorkMs: [], toWokenGuestMs: [] };
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);

/** What one round's probing measures. */
export interface SwitchOverProbes {
  /** A frame to the destination's guest, woken as at resume. */
  toGuest(): Promise<SwitchOverProbe>;
  /** The source host noticing its running guest's answer; -1 when it did not answer. */
  pauseNotice(): number;
}

/**
 * Adds one round's probes and `sourceWorkMs` (the source's pre-send work, timed this round) to
 * `samples` and returns the fixed cost they measure so far: the sum of the terms' means. Means, not
 * medians: downtime pays each step's expected cost, a late wake-up now and then included.
 */
export async function measureFixedCostMs(probes: SwitchOverProbes, sourceWorkMs: number, samples: FixedCostSamples): Promise<number> {
  samples.sourceWorkMs.push(sourceWorkMs);
  for (let attempt = 0; attempt < probesPerRound; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, probeSpacingMs));
    const notice = probes.pauseNotice();
    if (notice >= 0) samples.pauseNoticeMs.push(notice);
    const { toWokenGuestMs } = await probes.toGuest();
    if (toWokenGuestMs !== undefined) samples.toWokenGuestMs.push(toWokenGuestMs);
  }
  return fixedCostMs(samples);
}

export function fixedCostMs(samples: FixedCostSamples): number {
  return mean(samples.pauseNoticeMs) + mean(samples.sourceWorkMs) + mean(samples.toWokenGuestMs);
}

export function linkBandwidth(rounds: readonly RoundStats[]): number {
  let largest: RoundStats | undefined;
  for (const round of rounds) if (round.pagesSent > (largest?.pagesSent ?? -1) && round.bandwidthBytesPerSecond > 0) largest = round;
  return largest?.bandwidthBytesPerSecond ?? 0;
}

/** Downtime for `pagesLeft` dirty pages and `stateBytes` of CPU and device state. */
export function predictDowntimeMs(pagesLeft: number, pageSize: number, stateBytes: number, costs: SwitchOverCosts): number {
  // Pages go in frames of up to 64 with a 4-byte index each; the state and the end marker are a frame each.
  const frames = Math.ceil(pagesLeft / 64) + 2;
  const bytes = pagesLeft * (pageSize + 4) + stateBytes + frames * (frameHeaderBytes + 4);
  const transferMs = costs.linkBandwidthBytesPerSecond > 0 ? (bytes * 1000) / costs.linkBandwidthBytesPerSecond : 0;
  return transferMs + costs.fixedMs;
}
