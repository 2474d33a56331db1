// One migration as the source host runs it: the shared steps every strategy is made of (send pages,
// stop the guest, send its CPU and device state, wait for the destination) and the bookkeeping
// behind the metrics. The strategies themselves are in migrationStrategies.ts.
import { controlSlots, epochMs, GuestControl, runStates } from '../guest/guestControl.ts';
import { isZeroPage, pageChecksum } from '../guest/guestMemory.ts';
import { frame, frameTypes, indexListFrame, jsonFrame, pagesFrameParts } from '../link/linkFrames.ts';
import type { HostOptions, HostReport, MigrationOptions, RoundStats, SourceMigrationResult } from './hostMessages.ts';
import { runStrategy } from './migrationStrategies.ts';
import { nicSignals } from './nicFrames.ts';
import type { NicService } from './nicService.ts';
import { LinkBroken, SourceLink, type LinkListener } from './sourceLink.ts';
import { urgentCounterSlots, type SourceUrgentShared } from './urgentChannel.ts';

/**
 * What a migration records at its switch-over. An object of its own because these fields are first
 * written when the guest stops: a fractional number stored where an object's field held 0 changes
 * the object's shape, and V8 then drops the optimised code of every hot method that uses it. Kept
 * on SourceMigration itself, that happened at the stop, and the stopped guest's pages went out
 * through freshly deoptimised code while V8 recompiled it on a second thread.
 */
export interface SwitchOverRecord {
  holdAtEpochMs: number;
  stateSentAtEpochMs: number;
  reason: string;
  predictedDowntimeMs: number;
  nonConvergent: boolean;
  maximumThrottlePercent: number;
  /** The guest is paused here (undone when a failed migration resumes it at the source). */
  paused: boolean;
  /** True once the destination runs the VM: from then on, failing cannot mean "resume here". */
  switchedOver: boolean;
}

function newSwitchOverRecord(): SwitchOverRecord {
  return { holdAtEpochMs: 0, stateSentAtEpochMs: 0, reason: '', predictedDowntimeMs: 0, nonConvergent: false, maximumThrottlePercent: 0, paused: false, switchedOver: false };
}

export class MigrationTimeout extends Error {
  override readonly name = 'MigrationTimeout';
}

export class SourceMigration {
  readonly options: MigrationOptions;
  readonly control: GuestControl;
  readonly pageCount: number;
  readonly pageSize: number;
  readonly dirtyMap: Uint8Array;
  readonly report: (message: HostReport) => void;
  link!: SourceLink;
  rounds: RoundStats[] = [];
  pagesTransferred = 0;
  zeroPagesSkipped = 0;
  readonly switchOver = newSwitchOverRecord();
  /** Post-copy: 1 for each page still to send; the urgent channel's thread claims from it too. */
  readonly claimMap: Uint8Array;
  readonly urgentCounters: Float64Array;
  private readonly words: Int32Array;
  private readonly wordsPerPage: number;
  private readonly nic: NicService | undefined;
  private readonly listener: LinkListener;
  private readonly startedAtEpochMs = epochMs();
  private readonly deadline: number;
  private cutRequested = false;
  /** Guest memory as a Buffer, for frames that are views of it. */
  private readonly memory: Buffer;

  constructor(host: HostOptions, nic: NicService | undefined, listener: LinkListener, urgentShared: SourceUrgentShared, options: MigrationOptions, report: (message: HostReport) => void) {
    this.options = options;
    this.claimMap = new Uint8Array(urgentShared.claimMap);
    this.urgentCounters = new Float64Array(urgentShared.counters);
    this.listener = listener;
    this.control = new GuestControl(host.control);
    this.pageCount = host.memory.pageCount;
    this.pageSize = host.memory.pageSize;
    this.words = new Int32Array(host.memory.data);
    this.dirtyMap = new Uint8Array(host.memory.dirtyMap);
    this.wordsPerPage = this.pageSize / 4;
    this.nic = nic;
    this.report = report;
    this.deadline = performance.now() + options.maximumMigrationMs;
    this.memory = Buffer.from(host.memory.data);
  }

  /**
   * Bulk frames stay small on a shaped link (about 0.5 ms on the wire) so urgent pages overtake soon.
   * Unshaped, a frame is 1 MiB: urgent pages have a connection of their own, and each frame costs a
   * batch's work in JavaScript, a writev and three reads at the destination (stop-and-copy of 256 MiB,
   * medians of 5 against bare TCP: 0.76x with 256 KiB frames, 0.90x with 1 MiB frames).
   */
  get pagesPerBatch(): number {
    const bandwidth = this.options.shape.bandwidthBytesPerSecond;
    if (bandwidth <= 0) return 256;
    return Math.max(1, Math.min(64, Math.floor((bandwidth * 0.0005) / this.pageSize)));
  }

  cutLink(): void {
    this.cutRequested = true;
    this.link?.fail(new LinkBroken('the link was cut'));
  }

  /** Lets socket events (page requests, failures) in, and enforces the migration's time bound. */
  async yieldAndCheck(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.link.check();
    if (performance.now() > this.deadline) throw new MigrationTimeout(`the migration took longer than ${this.options.maximumMigrationMs} ms`);
  }

  /**
   * Sends `pages` on the bulk channel; with `clearDirty`, each page's dirty bit is cleared just
   * before its copy. `yieldBetweenBatches` false when the guest is stopped: queue everything at
   * once (the sender paces it) rather than give the event loop a turn per batch during downtime.
   */
  async sendPages(pages: readonly number[], clearDirty: boolean, yieldBetweenBatches = true): Promise<{ sent: number; zero: number }> {
    let sent = 0;
    let zero = 0;
    const batchSize = this.pagesPerBatch;
    for (let start = 0; start < pages.length; start += batchSize) {
      await this.link.guard(this.link.sender.whenBulkWritable());
      const counts = this.sendBatch(pages.slice(start, start + batchSize), clearDirty);
      sent += counts.sent;
      zero += counts.zero;
      if (yieldBetweenBatches) await this.yieldAndCheck();
    }
    return { sent, zero };
  }

  /** Sends `pages` on the bulk channel (see sendPages for `clearDirty`). */
  sendBatch(pages: readonly number[], clearDirty: boolean): { sent: number; zero: number } {
    const withData: number[] = [];
    const zeroPages: number[] = [];
    for (const page of pages) {
      if (clearDirty) Atomics.store(this.dirtyMap, page, 0);
      if (this.options.skipZeroPages && isZeroPage(this.words, page, this.wordsPerPage)) zeroPages.push(page);
      else withData.push(page);
    }
    if (zeroPages.length > 0) this.link.sender.sendBulk(indexListFrame(frameTypes.zeroPages, zeroPages));
    if (withData.length > 0) {
      this.link.sender.sendBulk(pagesFrameParts(withData, this.memory, this.pageSize));
    }
    this.pagesTransferred += pages.length;
    this.zeroPagesSkipped += zeroPages.length;
    return { sent: pages.length, zero: zeroPages.length };
  }

  dirtyPages(): number[] {
    const pages: number[] = [];
    // indexOf scans natively: this runs once per round, too rarely for a JS loop to get compiled,
    // and the last time it runs the guest is stopped.
    for (let page = this.dirtyMap.indexOf(1); page >= 0 && pages.length < this.pageCount; page = this.dirtyMap.indexOf(1, page + 1)) pages.push(page);
    return pages;
  }

  /** Holds client requests at the front port, then pauses the guest and takes its device state. */
  async stopGuest(): Promise<string[]> {
    this.switchOver.holdAtEpochMs = epochMs();
    if (this.nic !== undefined) await this.nic.hold(500);
    this.switchOver.paused = true;
    if (!this.control.transition(runStates.running, runStates.pauseRequested)) throw new Error(`the guest is not running (state ${this.control.runState})`);
    const waitUntil = performance.now() + 5_000;
    // Block this thread (not await): the guest answers within microseconds, and an event-loop
    // wake-up here would add its latency to the downtime.
    while (this.control.runState === runStates.pauseRequested) {
      if (performance.now() > waitUntil) throw new Error('the guest did not pause within 5 s');
      Atomics.wait(this.control.control, controlSlots.runState, runStates.pauseRequested, 50);
    }
    if (this.control.runState !== runStates.paused) throw new Error(`the guest stopped unexpectedly (state ${this.control.runState})`);
    // Responses the guest produced before pausing still belong to the source's side of the wire.
    this.nic?.flushTransmit();
    return this.nic?.captureDeviceState() ?? [];
  }

  stateFrame(device: string[]): Buffer[] {
    return jsonFrame(frameTypes.state, { cpuState: Buffer.from(this.control.savedStateBytes()).toString('base64'), device });
  }

  sendState(device: string[]): void {
    this.sendStateFrame(this.stateFrame(device));
  }

  sendStateFrame(state: Buffer[]): void {
    this.link.sender.sendBulk(state);
    this.switchOver.stateSentAtEpochMs = epochMs();
  }

  sendAllSent(): void {
    this.link.sender.sendBulk(frame(frameTypes.allSent, Buffer.alloc(4)));
  }

  async waitForResume(): Promise<void> {
    // Bounded like every other wait on the destination: a lost `resumed` ends the migration, not the run.
    await this.withDeadline(this.link.whenResumed());
    this.switchOver.switchedOver = true;
  }

  /** After a failed or aborted migration: the VM keeps running here, nothing lost. */
  resumeAtSource(device: string[]): void {
    this.control.setTrackDirty(false);
    this.control.setThrottlePercent(0);
    if (this.switchOver.paused) {
      this.nic?.restoreDeviceState(device);
      this.control.transition(runStates.paused, runStates.running);
      this.switchOver.paused = false;
    }
    this.nic?.signal(nicSignals.release);
  }

  /** Compares the destination's per-page checksums with this host's final (frozen) memory. */
  integrityAgainst(checksums: Uint32Array): string {
    if (checksums.length !== this.pageCount) return `destination reported ${checksums.length} page checksums for ${this.pageCount} pages`;
    let differing = 0;
    let first = -1;
    for (let page = 0; page < this.pageCount; page += 1) {
      if (pageChecksum(this.words, page, this.wordsPerPage) !== checksums[page]) {
        differing += 1;
        if (first < 0) first = page;
      }
    }
    return differing === 0 ? 'ok' : `${differing} pages differ between source and destination (first: page ${first})`;
  }

  async run(): Promise<SourceMigrationResult> {
    let outcome: SourceMigrationResult['outcome'] = 'completed';
    let reason = '';
    let integrity = 'not checked';
    let duplicates = 0;
    let completedAt = 0;
    const device: string[] = [];
    try {
      this.link = await SourceLink.open(this.listener, this.options.shape);
      if (this.cutRequested) this.link.fail(new LinkBroken('the link was cut'));
      await runStrategy(this, device);
      const received = await this.withDeadline(this.link.whenReceivedAll());
      completedAt = epochMs();
      duplicates = received.duplicatePages;
      integrity = this.integrityAgainst(received.checksums);
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
      if (!this.switchOver.switchedOver) {
        outcome = 'aborted';
        this.resumeAtSource(device);
      } else {
        outcome = 'failed';
      }
      integrity = `not checked: ${reason}`;
    } finally {
      this.control.setTrackDirty(false);
      this.control.setThrottlePercent(0);
      this.link?.close();
    }
    return {
      strategy: this.options.strategy,
      outcome,
      reason,
      rounds: this.rounds,
      pagesTransferred: this.pagesTransferred + this.urgentCounters[urgentCounterSlots.pagesSent]!,
      zeroPagesSkipped: this.zeroPagesSkipped + this.urgentCounters[urgentCounterSlots.zeroPagesSent]!,
      pagesRequested: this.urgentCounters[urgentCounterSlots.pagesRequested]!,
      bytesTransferred: (this.link?.sender.bytesSent ?? 0) + this.urgentCounters[urgentCounterSlots.bytesSent]!,
      returnPathBytes: this.link?.returnPathBytes ?? 0,
      startedAtEpochMs: this.startedAtEpochMs,
      holdAtEpochMs: this.switchOver.holdAtEpochMs,
      stateSentAtEpochMs: this.switchOver.stateSentAtEpochMs,
      completedAtEpochMs: completedAt,
      switchReason: this.switchOver.reason,
      predictedDowntimeMs: this.switchOver.predictedDowntimeMs,
      nonConvergent: this.switchOver.nonConvergent,
      maximumThrottlePercent: this.switchOver.maximumThrottlePercent,
      integrity,
      duplicatePagesAtDestination: duplicates,
    };
  }

  withDeadline<T>(promise: Promise<T>): Promise<T> {
    const left = this.deadline - performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new MigrationTimeout(`the migration took longer than ${this.options.maximumMigrationMs} ms`)), Math.max(0, left));
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
