// The four ways to move a running guest, built from SourceMigration's steps:
// - stop-and-copy: stop, send every page and the CPU state, resume at the destination;
// - pre-copy: round 1 sends every page while the guest runs, each later round the pages dirtied
//   during the previous one; stop when what is left fits the downtime limit at the measured
//   bandwidth (or after the last round, or when the rounds stop shrinking), send the rest, resume;
// - post-copy: stop, send the CPU state, resume at once; pages follow on demand (faults, on the
//   urgent channel) and in the background (bulk, pre-paging from the latest fault, optionally at a
//   capped rate), each once;
// - hybrid: a few pre-copy rounds, then post-copy for the pages still dirty.
import { frame, frameLength, frameTypes } from '../link/linkFrames.ts';
import { emptyFixedCostSamples, linkBandwidth, measureFixedCostMs, predictDowntimeMs, type SwitchOverCosts } from './downtimeModel.ts';
import type { SourceMigration } from './sourceMigration.ts';
import { lowerThisThreadPriority } from '../../../platform/threadPriority.ts';
import { urgentCounterSlots } from './urgentChannel.ts';

/** Rounds that shrink the dirty set by less than this (over two rounds) do not converge. */
const convergenceRatio = 0.9;
/** Auto-converge throttle steps, as QEMU's cpu-throttle-initial / increment (20%, +10%). */
const throttleInitialPercent = 20;
const throttleIncrementPercent = 10;
const throttleMaximumPercent = 99;
/** The post-copy push thread's nice value: below the guest and the page server, which stay at 0. */
const pushThreadNice = 10;
/**
 * The push claims a page when it queues it; a fault on it then waits for everything queued ahead
 * of it. So the push queues little at a time: 64-page frames, at most 1 MiB waiting in user space
 * (pre-copy's 1 MiB frames and 4 MiB backlog made such a fault wait milliseconds at loopback speed).
 */
const pushPagesPerBatch = 64;
const pushBacklogBytes = 1024 * 1024;
/** The CPU and device state's size before the guest stops and saves it (small JSON records). */
const stateBytesEstimate = 1024;

function allPages(migration: SourceMigration): number[] {
  return Array.from({ length: migration.pageCount }, (_unused, page) => page);
}

function announceSwitchOver(migration: SourceMigration, reason: string, predictedDowntimeMs: number, pagesLeft: number): void {
  migration.switchOver.reason = reason;
  migration.switchOver.predictedDowntimeMs = predictedDowntimeMs;
  migration.report({ kind: 'switch-over', reason, predictedDowntimeMs, pagesLeft });
}

async function stopAndCopy(migration: SourceMigration, device: string[]): Promise<void> {
  announceSwitchOver(migration, 'stop-and-copy', 0, migration.pageCount);
  device.push(...(await migration.stopGuest()));
  const started = performance.now();
  const bytesBefore = migration.link.sender.bytesSent;
  // The guest is stopped: no turn of the event loop per batch (the writable wait gives one when the
  // socket is full), as pre-copy's last round.
  const { sent, zero } = await migration.sendPages(allPages(migration), false, false);
  const durationMs = performance.now() - started;
  migration.rounds.push({
    round: 1,
    pagesSent: sent,
    pagesDirtied: 0,
    zeroPagesSkipped: zero,
    durationMs,
    bandwidthBytesPerSecond: ((migration.link.sender.bytesSent - bytesBefore) * 1000) / Math.max(durationMs, 0.001),
    throttlePercent: 0,
  });
  migration.report({ kind: 'round', round: migration.rounds.at(-1)! });
  migration.sendAllSent();
  migration.sendState(device);
  await migration.waitForResume();
}

/** Runs pre-copy rounds; returns the dirty pages left once the guest is stopped. */
async function preCopyRounds(migration: SourceMigration, device: string[], roundsBeforePostCopy: number | undefined): Promise<{ left: number[]; costs: SwitchOverCosts | undefined }> {
  const options = migration.options;
  migration.control.setTrackDirty(true);
  migration.dirtyMap.fill(0);
  let pending = allPages(migration);
  const dirtyHistory: number[] = [];
  let throttle = 0;
  let reason = '';
  let predictedDowntimeMs = 0;
  let costs: SwitchOverCosts | undefined;
  const fixedCostSamples = emptyFixedCostSamples();
  for (let round = 1; round <= Math.max(1, options.maximumRounds); round += 1) {
    const started = performance.now();
    const bytesBefore = migration.link.sender.bytesSent;
    const { sent, zero } = await migration.sendPages(pending, true);
    migration.link.sender.sendBulk(frame(frameTypes.roundEnd, Buffer.from(Uint32Array.of(round).buffer)));
    await migration.withDeadline(migration.link.whenRoundAcknowledged(round));
    // Measured to the destination's acknowledgement: what arrived, not what the kernel buffered.
    const durationMs = performance.now() - started;
    const bandwidth = ((migration.link.sender.bytesSent - bytesBefore) * 1000) / Math.max(durationMs, 0.001);
    // The switch-over's fixed cost, probed after each round (its pages have drained) and paced as
    // precisely as the switch-over will be; before the dirty pages are counted, so the count is
    // fresh when the decision is taken (pages dirtied while probing are still counted). Finding
    // the dirty pages is timed too: the stopped guest waits for it at switch-over.
    migration.link.sender.precise = true;
    const probes = { toGuest: () => migration.link.probe(), pauseNotice: () => migration.control.pauseNoticeProbe(100) };
    const workStartedAt = performance.now();
    migration.dirtyPages();
    const fixedMs = await migration.withDeadline(measureFixedCostMs(probes, performance.now() - workStartedAt, fixedCostSamples));
    migration.link.sender.precise = false;
    const dirtied = migration.dirtyPages().length;
    dirtyHistory.push(dirtied);
    const stats = { round, pagesSent: sent, pagesDirtied: dirtied, zeroPagesSkipped: zero, durationMs, bandwidthBytesPerSecond: bandwidth, throttlePercent: throttle };
    migration.rounds.push(stats);
    migration.report({ kind: 'round', round: stats });

    costs = { linkBandwidthBytesPerSecond: linkBandwidth(migration.rounds), fixedMs };
    predictedDowntimeMs = predictDowntimeMs(dirtied, migration.pageSize, stateBytesEstimate, costs);
    if (roundsBeforePostCopy !== undefined && round >= roundsBeforePostCopy) {
      reason = `switch to post-copy after ${round} pre-copy rounds`;
      break;
    }
    if (predictedDowntimeMs <= options.downtimeLimitMs) {
      reason = 'converged: the pages left fit the downtime limit';
      break;
    }
    if (round >= options.maximumRounds) {
      reason = `maximum of ${options.maximumRounds} rounds reached`;
      break;
    }
    const twoRoundsAgo = dirtyHistory.at(-3);
    if (round >= 3 && twoRoundsAgo !== undefined && dirtied > convergenceRatio * twoRoundsAgo) {
      if (options.autoConverge && throttle < throttleMaximumPercent) {
        throttle = throttle === 0 ? throttleInitialPercent : Math.min(throttleMaximumPercent, throttle + throttleIncrementPercent);
        migration.control.setThrottlePercent(throttle);
        migration.switchOver.maximumThrottlePercent = throttle;
      } else {
        migration.switchOver.nonConvergent = true;
        reason = `not converging: ${dirtied} pages dirtied in round ${round}, ${twoRoundsAgo} in round ${round - 2}`;
        break;
      }
    }
    pending = migration.dirtyPages();
  }
  // A hybrid does not send its dirty pages while stopped: there is no pre-copy downtime to predict.
  announceSwitchOver(migration, reason, roundsBeforePostCopy === undefined ? predictedDowntimeMs : 0, dirtyHistory.at(-1) ?? 0);
  // From the stop on every bulk byte is downtime: pace it as the link would, not by 1 ms timers.
  migration.link.sender.precise = true;
  device.push(...(await migration.stopGuest()));
  const left = migration.dirtyPages();
  migration.control.setTrackDirty(false);
  migration.control.setThrottlePercent(0);
  return { left, costs };
}

async function preCopy(migration: SourceMigration, device: string[]): Promise<void> {
  const { left, costs } = await preCopyRounds(migration, device, undefined);
  const state = migration.stateFrame(device);
  // The guest has stopped: the same model, now with the exact pages left and the state's real size.
  if (costs !== undefined) migration.switchOver.predictedDowntimeMs = predictDowntimeMs(left.length, migration.pageSize, frameLength(state), costs);
  const started = performance.now();
  const { sent, zero } = await migration.sendPages(left, true, false);
  migration.rounds.push({
    round: migration.rounds.length + 1,
    pagesSent: sent,
    pagesDirtied: 0,
    zeroPagesSkipped: zero,
    durationMs: performance.now() - started,
    bandwidthBytesPerSecond: 0,
    throttlePercent: 0,
  });
  migration.report({ kind: 'round', round: migration.rounds.at(-1)! });
  migration.sendAllSent();
  migration.sendStateFrame(state);
  await migration.waitForResume();
  migration.link.sender.precise = false;
}

/**
 * Post-copy from a stopped guest. `needed` are the pages the destination does not have (all of
 * them, or hybrid's stale ones). Each is sent exactly once: this bulk push and the urgent channel's
 * thread (answering faults) both claim pages from the shared claim map before sending them.
 */
async function postCopyPhase(migration: SourceMigration, device: string[], needed: Uint8Array): Promise<void> {
  migration.claimMap.set(needed);
  // From here on this thread only pushes pages in the background: it yields the CPU to the running
  // guest and to the thread that serves its faults (on 2 cores, a fault otherwise waits for a core).
  lowerThisThreadPriority(pushThreadNice);
  migration.sendState(device);
  const counters = migration.urgentCounters;
  let faultSequenceSeen = counters[urgentCounterSlots.faultSequence]!;
  let cursor = 0;
  const batchSize = Math.min(pushPagesPerBatch, migration.pagesPerBatch);
  const backlogLimit = Math.min(pushBacklogBytes, migration.link.sender.highWaterBytes);
  const resumed = migration.waitForResume().catch(() => undefined);
  const pushCap = migration.options.pushBandwidthBytesPerSecond;
  const pushStartedAt = performance.now();
  const bytesBeforePush = migration.link.sender.bytesSent;
  let unclaimedScan = 0;
  while (unclaimedScan < migration.pageCount) {
    await migration.link.guard(migration.link.sender.whenBulkWritable(backlogLimit));
    // Pre-paging: continue from the page after the latest fault.
    if (migration.options.prePaging && counters[urgentCounterSlots.faultSequence] !== faultSequenceSeen) {
      faultSequenceSeen = counters[urgentCounterSlots.faultSequence]!;
      cursor = (counters[urgentCounterSlots.lastFaultPage]! + 1) % migration.pageCount;
    }
    const batch: number[] = [];
    // A full lap without a page to claim means every page has been sent, by one side or the other.
    for (unclaimedScan = 0; unclaimedScan < migration.pageCount && batch.length < batchSize; unclaimedScan += 1) {
      const page = cursor;
      cursor = (cursor + 1) % migration.pageCount;
      if (Atomics.compareExchange(migration.claimMap, page, 1, 0) === 1) {
        batch.push(page);
        unclaimedScan = -1;
      }
    }
    if (batch.length > 0) {
      migration.sendBatch(batch, false);
      unclaimedScan = 0;
    }
    await migration.yieldAndCheck();
    if (pushCap > 0) {
      // The capped push waits until its bytes so far fit the cap; faults are not held back by it.
      const dueAt = pushStartedAt + ((migration.link.sender.bytesSent - bytesBeforePush) * 1000) / pushCap;
      if (dueAt - performance.now() >= 1) await migration.link.guard(new Promise((resolve) => setTimeout(resolve, dueAt - performance.now())));
    }
  }
  migration.sendAllSent();
  await resumed;
  await migration.waitForResume();
}

async function postCopy(migration: SourceMigration, device: string[]): Promise<void> {
  announceSwitchOver(migration, 'post-copy: resume at the destination at once', 0, migration.pageCount);
  device.push(...(await migration.stopGuest()));
  // The CPU state is on its way: from here on the destination owns the VM.
  migration.switchOver.switchedOver = true;
  await postCopyPhase(migration, device, new Uint8Array(migration.pageCount).fill(1));
}

async function hybrid(migration: SourceMigration, device: string[]): Promise<void> {
  const { left } = await preCopyRounds(migration, device, Math.max(1, migration.options.hybridRounds));
  migration.link.sender.precise = false;
  const needed = new Uint8Array(migration.pageCount);
  const bitmap = Buffer.alloc(Math.ceil(migration.pageCount / 8));
  for (const page of left) {
    needed[page] = 1;
    bitmap[page >>> 3]! |= 1 << (page & 7);
  }
  migration.link.sender.sendBulk(frame(frameTypes.dirtyBitmap, bitmap));
  migration.switchOver.switchedOver = true;
  await postCopyPhase(migration, device, needed);
}

export async function runStrategy(migration: SourceMigration, device: string[]): Promise<void> {
  switch (migration.options.strategy) {
    case 'stop-copy':
      return stopAndCopy(migration, device);
    case 'pre-copy':
      return preCopy(migration, device);
    case 'post-copy':
      return postCopy(migration, device);
    case 'hybrid':
      return hybrid(migration, device);
  }
}
