// The control block shared by a guest thread and the host it runs on: run state, doorbell, dirty
// tracking and throttle switches, statistics, and the area the guest's CPU state is
// saved to when it stops (the "non-memory state" a migration sends first or last).

export const runStates = {
  /** Started but not yet given a CPU state (a destination waiting for switch-over). */
  waiting: 0,
  running: 1,
  pauseRequested: 2,
  paused: 3,
  exitRequested: 4,
  exited: 5,
  /** Its memory source died while pages were still missing (post-copy's weakness). */
  lost: 6,
} as const;

export const controlSlots = {
  runState: 0,
  /** Bumped by the host for anything the guest may be sleeping on (NIC data, pause, exit). */
  doorbell: 1,
  trackDirty: 2,
  throttlePercent: 3,
  stateLength: 4,
  /** Bumped by the guest after it puts a response in its NIC transmit ring. */
  transmitSequence: 5,
  /** Odd while the destination host waits for its guest, blocked before switch-over, to answer (see wakeProbe). */
  wakeProbe: 6,
  /** Odd while the source host waits for its running guest to answer (see pauseNoticeProbe). */
  pauseProbe: 7,
} as const;

const controlLength = 8;

export const statSlots = {
  operations: 0,
  pausedAtEpochMs: 1,
  resumedAtEpochMs: 2,
  networkFaults: 3,
  /** When the guest last answered a wake or pause-notice probe (its own clock). */
  probeAnsweredAtEpochMs: 4,
  faultWaitMs: 5,
  /** The guest's own clock of its last finished operation, to measure guest-seen downtime. */
  lastOperationEpochMs: 6,
  /** When the destination guest finished its first operation after resuming. */
  firstOperationAfterResumeEpochMs: 7,
} as const;
const statLength = 8;

export const stateAreaBytes = 256 * 1024;

export interface GuestControlBuffers {
  control: SharedArrayBuffer;
  stats: SharedArrayBuffer;
  stateArea: SharedArrayBuffer;
}

export function createGuestControlBuffers(): GuestControlBuffers {
  return {
    control: new SharedArrayBuffer(controlLength * 4),
    stats: new SharedArrayBuffer(statLength * 8),
    stateArea: new SharedArrayBuffer(stateAreaBytes),
  };
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable between threads. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export class GuestControl {
  readonly control: Int32Array;
  readonly stats: Float64Array;
  private readonly stateArea: Uint8Array;

  constructor(buffers: GuestControlBuffers) {
    this.control = new Int32Array(buffers.control);
    this.stats = new Float64Array(buffers.stats);
    this.stateArea = new Uint8Array(buffers.stateArea);
  }

  get runState(): number {
    return Atomics.load(this.control, controlSlots.runState);
  }

  setRunState(state: number): void {
    Atomics.store(this.control, controlSlots.runState, state);
    Atomics.notify(this.control, controlSlots.runState);
    this.ring();
  }

  /** Moves from `expected` to `next` only if still in `expected` (no lost update with the guest). */
  transition(expected: number, next: number): boolean {
    const swapped = Atomics.compareExchange(this.control, controlSlots.runState, expected, next) === expected;
    if (swapped) {
      Atomics.notify(this.control, controlSlots.runState);
      this.ring();
    }
    return swapped;
  }

  ring(): void {
    Atomics.add(this.control, controlSlots.doorbell, 1);
    Atomics.notify(this.control, controlSlots.doorbell);
  }

  setTrackDirty(on: boolean): void {
    Atomics.store(this.control, controlSlots.trackDirty, on ? 1 : 0);
  }

  setThrottlePercent(percent: number): void {
    Atomics.store(this.control, controlSlots.throttlePercent, Math.max(0, Math.min(99, Math.round(percent))));
  }

  saveState(state: unknown): void {
    const encoded = new TextEncoder().encode(JSON.stringify(state));
    if (encoded.length > this.stateArea.length) throw new Error(`guest CPU state of ${encoded.length} bytes exceeds its ${this.stateArea.length}-byte area`);
    this.stateArea.set(encoded);
    Atomics.store(this.control, controlSlots.stateLength, encoded.length);
  }

  /** The saved state's bytes, as sent over the link. */
  savedStateBytes(): Uint8Array {
    return this.stateArea.slice(0, Atomics.load(this.control, controlSlots.stateLength));
  }

  loadStateBytes(bytes: Uint8Array): void {
    this.stateArea.set(bytes);
    Atomics.store(this.control, controlSlots.stateLength, bytes.length);
  }

  loadedState(): unknown {
    const length = Atomics.load(this.control, controlSlots.stateLength);
    return decodeState(this.stateArea.slice(0, length));
  }

  /**
   * Host side, destination before switch-over: wakes the guest, blocked waiting for its CPU state,
   * the way resuming it does, and returns when (epoch ms, the guest's own clock) it woke; 0 if it
   * did not answer within `timeoutMs`. The downtime model times the switch-over's second half with it.
   */
  wakeProbe(timeoutMs: number): number {
    return this.probe(controlSlots.wakeProbe, controlSlots.runState, timeoutMs);
  }

  /** Guest side, destination: answers a wake-up probe, if one is waiting. */
  answerWakeProbe(): void {
    this.answerProbe(controlSlots.wakeProbe);
  }

  /**
   * Host side, source: asks the running guest to answer, and waits for it blocked as stopGuest waits
   * for the pause; returns how long after the guest's answer this thread saw it (ms), or -1 if no
   * answer came within `timeoutMs`. A switch-over's downtime starts with that notice.
   */
  pauseNoticeProbe(timeoutMs: number): number {
    // Rings the doorbell as a pause request does, for a guest sleeping between steps.
    const answeredAt = this.probe(controlSlots.pauseProbe, controlSlots.doorbell, timeoutMs);
    return answeredAt === 0 ? -1 : Math.max(0, epochMs() - answeredAt);
  }

  /** Guest side, source: answers a pause-notice probe, if one is waiting (checked between steps). */
  answerPauseProbe(): void {
    this.answerProbe(controlSlots.pauseProbe);
  }

  private probe(slot: number, wakeSlot: number | undefined, timeoutMs: number): number {
    const request = Atomics.add(this.control, slot, 1) + 1;
    const started = performance.now();
    if (wakeSlot !== undefined) Atomics.notify(this.control, wakeSlot);
    while (Atomics.load(this.control, slot) === request && performance.now() - started < timeoutMs) {
      Atomics.wait(this.control, slot, request, timeoutMs);
    }
    // A late answer must not leave the slot odd for the next probe.
    if (Atomics.compareExchange(this.control, slot, request, request + 1) === request) return 0;
    return this.stats[statSlots.probeAnsweredAtEpochMs]!;
  }

  private answerProbe(slot: number): void {
    const value = Atomics.load(this.control, slot);
    if ((value & 1) === 0) return;
    this.stats[statSlots.probeAnsweredAtEpochMs] = epochMs();
    if (Atomics.compareExchange(this.control, slot, value, value + 1) === value) Atomics.notify(this.control, slot);
  }

  notifyTransmit(): void {
    Atomics.add(this.control, controlSlots.transmitSequence, 1);
    Atomics.notify(this.control, controlSlots.transmitSequence);
  }
}

/** A saved CPU state's bytes back as the state (the inverse of saveState's encoding). */
export function decodeState(bytes: Uint8Array): unknown {
  return JSON.parse(new TextDecoder().decode(bytes));
}

type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

/** Atomics.waitAsync (Node 24 has it; the project's ES2023 lib does not declare it yet). */
export function waitAsync(array: Int32Array, index: number, expected: number, timeoutMs: number): Promise<unknown> {
  const result = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): WaitAsyncResult }).waitAsync(array, index, expected, timeoutMs);
  return result.async ? result.value : Promise.resolve(result.value);
}
