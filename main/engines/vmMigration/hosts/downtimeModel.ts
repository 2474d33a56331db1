// Pre-copy's prediction of its downtime, from what the migration measured before switch-over:
// - the link's bandwidth, from the largest round (where the round trip's fixed cost is lost in
//   the transfer time; small rounds measure mostly that fixed cost, not bandwidth);
// - the one-way cost of a switch-over message: half the socket part of a probe's round trip, sent
//   the way the CPU state goes (bulk channel, through the shaper) and echoed the way `resumed`
//   comes back, which holds the hosts' socket wake-ups, the kernel's loopback and the link latency;
// - two thread wake-ups (the source host seeing its guest pause, the destination guest seeing it
//   may run): one wake-up round trip with the destination's sleeping guest, timed by the
//   destination host as it answers each round's first probe;
// - the bytes the guest's stop leaves to send: the dirty pages and the CPU and device state.
// No constant is fitted to the result: each term is a measurement or a byte count.
import { frameHeaderBytes } from '../link/linkFrames.ts';
import type { RoundStats } from './hostMessages.ts';
import type { SwitchOverProbe } from './sourceLink.ts';

export interface SwitchOverCosts {
  linkBandwidthBytesPerSecond: number;
  /** One-way message over the sockets plus the two thread wake-ups of a switch-over. */
  fixedMs: number;
}

/** Probes after each round: enough that the mean sees this machine's occasional late wake-ups. */
const probesPerRound = 8;

/** Every probe's one-way socket message, and the wake-up of each round's first probe. */
export interface FixedCostSamples {
  oneWayMessageMs: number[];
  coldWakeRoundTripMs: number[];
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);

/**
 * Adds one round's probes to `samples` and returns the fixed cost they measure so far: a one-way
 * message plus a wake-up round trip. The wake-up is the one of each round's first probe, which
 * finds the destination's guest asleep since the previous round, as the switch-over will; the
 * probes right after it find the threads just woken, and would promise a resume faster than a
 * sleeping thread gets. Means, not medians: downtime pays each hop's expected cost, a late
 * wake-up now and then included.
 */
export async function measureFixedCostMs(probe: () => Promise<SwitchOverProbe>, samples: FixedCostSamples): Promise<number> {
  for (let attempt = 0; attempt < probesPerRound; attempt += 1) {
    const { roundTripMs, guestWakeRoundTripMs } = await probe();
    samples.oneWayMessageMs.push(Math.max(0, roundTripMs - guestWakeRoundTripMs) / 2);
    if (attempt === 0) samples.coldWakeRoundTripMs.push(guestWakeRoundTripMs);
  }
  return mean(samples.oneWayMessageMs) + mean(samples.coldWakeRoundTripMs);
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
