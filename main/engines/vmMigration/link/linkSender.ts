// One direction of the migration link: two TCP connections (bulk and urgent) and, when the scenario
// asks for it, a shaping layer that paces frames at the link's bandwidth and delays each by its
// latency. Urgent frames overtake queued bulk frames at frame boundaries (bulk frames are kept
// small on a shaped link for that reason), as QEMU's postcopy preempt channel does.
import type { Socket } from 'node:net';
// Imported rather than read as globals: a global read first made at the stop (the precise path
// runs only then) has no type feedback, and V8 drops the optimised pump in the middle of the downtime.
import { clearImmediate, clearTimeout, setImmediate, setTimeout } from 'node:timers';
import { frameLength } from './linkFrames.ts';

export interface LinkShape {
  /** Bytes per second; 0 = unshaped (as fast as loopback TCP goes). */
  bandwidthBytesPerSecond: number;
  /** One-way delay added to every frame. */
  latencyMs: number;
}

interface QueuedFrame {
  parts: Buffer[];
  bytes: number;
  urgent: boolean;
  deliverAt: number;
  /** When the frame was handed to this sender: the link could not have started it earlier. */
  queuedAt: number;
  /** Called once the frame's bytes have reached the kernel (or the link closed). */
  onWritten: (() => void) | undefined;
}

/**
 * A shaped link may send bulk this far ahead of its pacing, so ms-grained timers (often 1.2 ms
 * late under load) still keep the link full; with 1 ms, short transfers ran at half the bandwidth.
 */
const bulkBurstMs = 2;
/** How early a precisely paced frame may go (a setImmediate spin is about this fine). */
const preciseEarlyMs = 0.005;

const pacingCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread, using no CPU, until `at` (performance.now() time). */
function sleepUntil(at: number): void {
  const leftMs = at - performance.now();
  if (leftMs > 0) Atomics.wait(pacingCell, 0, 0, leftMs);
}

export class LinkSender {
  bytesSent = 0;
  private readonly bulk: Socket;
  private readonly urgent: Socket;
  private readonly shape: LinkShape;
  private readonly shaped: boolean;
  private readonly waiting: QueuedFrame[][] = [[], []]; // [urgent, bulk], not yet on the wire
  private readonly inFlight: QueuedFrame[][] = [[], []]; // [urgent, bulk]: on the wire, waiting out the latency
  private linkFreeAt = 0;
  private queuedBulkBytes = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private writableWaiters: { limitBytes: number; resolve: () => void }[] = [];
  private closed = false;
  /**
   * While the guest is stopped every bulk frame is downtime: pace it with sub-millisecond timing
   * too, instead of 1 ms timers that land up to a millisecond (or more under load) late. The thread
   * then sleeps between frames (blocked, not turning its event loop): set it only while the thread
   * has nothing else to do.
   */
  precise = false;

  constructor(bulk: Socket, urgent: Socket, shape: LinkShape) {
    this.bulk = bulk;
    this.urgent = urgent;
    this.shape = shape;
    this.shaped = shape.bandwidthBytesPerSecond > 0 || shape.latencyMs > 0;
    for (const socket of [bulk, urgent]) {
      socket.setNoDelay(true);
      socket.on('drain', () => this.wakeWriters());
    }
  }

  /** Bytes accepted for the bulk channel but not yet handed to the kernel. */
  get bulkBacklogBytes(): number {
    return this.shaped ? this.queuedBulkBytes + this.bulk.writableLength : this.bulk.writableLength;
  }

  /** Enough bulk queued to keep the link busy; more would only delay urgent pages and page choice. */
  get highWaterBytes(): number {
    // Unshaped: a few MiB keep loopback TCP streaming (draining to zero between writes halves it).
    if (!this.shaped) return 4 * 1024 * 1024;
    const pacedBytes = this.shape.bandwidthBytesPerSecond > 0 ? (this.shape.bandwidthBytesPerSecond * 4) / 1000 : 0;
    return Math.max(512 * 1024, pacedBytes);
  }

  /** `onWritten` runs once the frame's bytes have reached the kernel (or the link has closed). */
  sendBulk(parts: Buffer[], onWritten?: () => void): void {
    this.send(parts, false, onWritten);
  }

  sendUrgent(parts: Buffer[]): void {
    this.send(parts, true, undefined);
  }

  /** Resolves once the bulk backlog is below `limitBytes` (default: the high-water mark), or the link closed. */
  whenBulkWritable(limitBytes = this.highWaterBytes): Promise<void> {
    if (this.closed || this.bulkBacklogBytes < limitBytes) return Promise.resolve();
    return new Promise((resolve) => this.writableWaiters.push({ limitBytes, resolve }));
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
    }
    // Frames that will never be written: their buffers are free again.
    for (const queue of [...this.waiting, ...this.inFlight]) for (const dropped of queue.splice(0)) dropped.onWritten?.();
    this.wakeWriters();
  }

  private send(parts: Buffer[], urgent: boolean, onWritten: (() => void) | undefined): void {
    if (this.closed) return onWritten?.();
    const bytes = frameLength(parts);
    this.bytesSent += bytes;
    if (!this.shaped) {
      this.write(urgent ? this.urgent : this.bulk, parts, onWritten);
      return;
    }
    this.waiting[urgent ? 0 : 1]!.push({ parts, bytes, urgent, deliverAt: 0, queuedAt: performance.now(), onWritten });
    if (!urgent) this.queuedBulkBytes += bytes;
    if (urgent && this.timer !== undefined) {
      // An urgent frame does not wait for a sleeping bulk timer.
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    this.pump();
  }

  private write(socket: Socket, parts: Buffer[], onWritten: (() => void) | undefined): void {
    if (socket.destroyed) return onWritten?.();
    if (parts.length > 1) socket.cork();
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1 && onWritten !== undefined) socket.write(part, () => onWritten());
      else socket.write(part);
    }
    if (parts.length > 1) socket.uncork();
  }

  private pump(): void {
    if (this.timer !== undefined || this.closed) return;
    const now = performance.now();
    // Precise pacing (guest stopped) sends bulk as a real link would, not a timer's burst early.
    const burstMs = this.precise ? preciseEarlyMs : bulkBurstMs;
    const serialisation = (bytes: number): number => (this.shape.bandwidthBytesPerSecond > 0 ? (bytes * 1000) / this.shape.bandwidthBytesPerSecond : 0);
    // Urgent frames go on the wire at once, ahead of queued bulk, as packets of a preempt channel
    // interleave with bulk packets on a real link: they wait only for their own bytes, and push
    // the bulk frames behind them back by as much.
    for (const next of this.waiting[0]!.splice(0)) {
      const serialisationMs = serialisation(next.bytes);
      next.deliverAt = now + serialisationMs + this.shape.latencyMs;
      this.linkFreeAt = Math.max(this.linkFreeAt, now) + serialisationMs;
      this.inFlight[0]!.push(next);
    }
    // Bulk frames are paced at the link's bandwidth. A frame starts when the link is free or when it
    // was queued, whichever is later, not when this pump happens to run: a pump that wakes late
    // (a millisecond is common on a busy machine) must not leave the emulated link idle meanwhile.
    for (let moved = 0; moved < 10_000; moved += 1) {
      const next = this.waiting[1]![0];
      if (next === undefined) break;
      const startsAt = Math.max(this.linkFreeAt, next.queuedAt);
      if (startsAt > now + burstMs) break;
      this.waiting[1]!.shift();
      this.linkFreeAt = startsAt + serialisation(next.bytes);
      next.deliverAt = this.linkFreeAt + this.shape.latencyMs;
      this.inFlight[1]!.push(next);
    }
    // Hand frames whose latency has passed to the kernel (bulk may go up to a burst early).
    for (const [channel, queue] of this.inFlight.entries()) {
      const early = channel === 0 ? preciseEarlyMs : burstMs;
      while (queue.length > 0 && queue[0]!.deliverAt - early <= now) {
        const next = queue.shift()!;
        if (channel === 1) this.queuedBulkBytes -= next.bytes;
        this.write(channel === 0 ? this.urgent : this.bulk, next.parts, next.onWritten);
      }
    }
    this.wakeWriters();
    let wakeAt = Number.POSITIVE_INFINITY;
    const urgentHead = this.inFlight[0]![0];
    const bulkHead = this.inFlight[1]![0];
    if (urgentHead !== undefined) wakeAt = urgentHead.deliverAt - preciseEarlyMs;
    if (bulkHead !== undefined) wakeAt = Math.min(wakeAt, bulkHead.deliverAt - burstMs);
    if (this.waiting[1]!.length > 0) wakeAt = Math.min(wakeAt, this.linkFreeAt - burstMs);
    if (wakeAt === Number.POSITIVE_INFINITY) return;
    const waitMs = wakeAt - performance.now();
    // Compared on every path, not only the precise one: code that first compares at the stop has no
    // type feedback for it, and V8 drops the optimised pump there, in the middle of the downtime.
    const dueSoon = waitMs < 1.5;
    const again = (): void => {
      this.timer = undefined;
      this.pump();
    };
    if (this.precise && dueSoon) {
      // The guest is stopped and this thread has nothing to do but send: sleep until the next frame
      // is due instead of spinning on setImmediate. A spin keeps a core busy that the destination
      // needs to take the pages in; on two cores the switch-over then waits for it (pre-copy's
      // downtime at a 5 ms limit went from 5.1 to 4.6 ms, medians of 8, on the read-mostly guest).
      // The event loop still turns between frames, after the pages queued in this turn.
      this.timer = setImmediate(() => {
        sleepUntil(wakeAt);
        again();
      });
      return;
    }
    // Only urgent frames need sub-millisecond timing: spin on setImmediate for them; bulk frames
    // may go up to a burst early, so a 1 ms timer serves them without burning a core.
    this.timer = urgentHead !== undefined && dueSoon ? setImmediate(again) : setTimeout(again, Math.max(1, Math.floor(waitMs)));
  }

  private wakeWriters(): void {
    if (this.writableWaiters.length === 0) return;
    const backlog = this.bulkBacklogBytes;
    const waiters = this.writableWaiters;
    this.writableWaiters = [];
    for (const waiter of waiters) {
      if (this.closed || backlog < waiter.limitBytes) waiter.resolve();
      else this.writableWaiters.push(waiter);
    }
  }
}
