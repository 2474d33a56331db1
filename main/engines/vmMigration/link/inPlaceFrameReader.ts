// The destination's reader of the bulk channel: it cuts the stream into frames as FrameReader does,
// but lets the kernel copy page data straight into guest memory. The socket reads through a buffer
// this reader chooses before each read (`onread.buffer` as a function): the next frame header, the
// pages frame's index list, or the guest memory of the run of pages that comes next. A page thus
// crosses user space not at all, as QEMU's multifd receives pages into guest RAM.
//
// Without it every page was read into a socket buffer and copied into guest memory with
// `TypedArray.set`, which V8 does with relaxed atomic stores for a SharedArrayBuffer; the frame's
// page data sits at no particular alignment in the read buffer, and such a copy then runs word by
// word (about 3 GB/s here, against 10 GB/s aligned): slower than the link itself.
import { forEachRun, frameHeaderBytes, frameTypes } from './linkFrames.ts';

export interface InPlaceTarget {
  /** Guest memory (a view of the whole of it): page data is read into it, at the page's place. */
  memory: Uint8Array;
  pageSize: number;
  /**
   * Pages `first` to `first + count - 1` have arrived whole in `memory` (a run of one pages frame;
   * a long run may be announced in several parts as it arrives).
   */
  onPagesArrived(first: number, count: number): void;
  /** Any other frame; `payload` is valid only during the call. */
  onFrame(type: number, payload: Buffer): void;
}

const phases = { header: 0, payload: 1, indices: 2, data: 3 } as const;

export class InPlaceFrameReader {
  private readonly target: InPlaceTarget;
  private readonly pageCount: number;
  private scratch: Buffer = Buffer.allocUnsafeSlow(64 * 1024);
  private phase: number = phases.header;
  /** Bytes the current phase wants, and has so far. */
  private wanted = frameHeaderBytes;
  private filled = 0;
  private frameType = 0;
  private payloadLength = 0;
  /** The current pages frame's runs, as [first page, count] pairs, and where reading is in them. */
  private runs: number[] = [];
  private run = 0;
  /** Pages of the current run already announced. */
  private runAnnounced = 0;
  private failure: Error | undefined;

  constructor(target: InPlaceTarget) {
    this.target = target;
    this.pageCount = Math.floor(target.memory.length / target.pageSize);
  }

  /** Set when the stream held a frame this reader cannot place; the caller closes the link. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** The buffer the next read goes into (the socket's `onread.buffer` function). */
  nextBuffer(): Uint8Array {
    if (this.phase === phases.data) {
      const first = this.runs[this.run * 2]!;
      const count = this.runs[this.run * 2 + 1]!;
      const start = first * this.target.pageSize;
      return this.target.memory.subarray(start + this.filled, start + count * this.target.pageSize);
    }
    return this.scratch.subarray(this.filled, this.wanted);
  }

  /** `length` bytes were read into the last buffer nextBuffer gave (the socket's `onread.callback`). */
  received(length: number): void {
    if (this.failure !== undefined) return;
    this.filled += length;
    if (this.phase === phases.data) {
      this.announceWholePages();
      if (this.filled < this.wanted) return;
      this.run += 1;
      if (this.run * 2 < this.runs.length) this.startRun();
      else this.expectHeader();
      return;
    }
    if (this.filled < this.wanted) return;
    if (this.phase === phases.header) this.onHeader();
    else if (this.phase === phases.indices) this.onIndices();
    else {
      this.expectHeader();
      this.target.onFrame(this.frameType, this.scratch.subarray(0, this.payloadLength));
    }
  }

  private onHeader(): void {
    this.frameType = this.scratch.readUInt32LE(0);
    const length = this.scratch.readUInt32LE(4);
    if (this.frameType === frameTypes.pages) {
      const pageBytes = 4 + this.target.pageSize;
      if (length < 4 || (length - 4) % pageBytes !== 0) return this.fail(`a pages frame of ${length} bytes does not hold whole pages`);
      const count = (length - 4) / pageBytes;
      if (count === 0) return this.expectHeader();
      this.expect(phases.indices, 4 + count * 4);
      return;
    }
    if (length === 0) {
      this.expectHeader();
      this.target.onFrame(this.frameType, this.scratch.subarray(0, 0));
      return;
    }
    this.payloadLength = length;
    this.expect(phases.payload, length);
  }

  private onIndices(): void {
    const count = this.scratch.readUInt32LE(0);
    const pages = new Uint32Array(count);
    for (let position = 0; position < count; position += 1) {
      const page = this.scratch.readUInt32LE(4 + position * 4);
      if (page >= this.pageCount) return this.fail(`a pages frame names page ${page} of ${this.pageCount}`);
      pages[position] = page;
    }
    const runs: number[] = [];
    forEachRun(pages, (first, _position, runLength) => runs.push(first, runLength));
    this.runs = runs;
    this.run = 0;
    this.startRun();
  }

  private startRun(): void {
    this.phase = phases.data;
    this.filled = 0;
    this.runAnnounced = 0;
    this.wanted = this.runs[this.run * 2 + 1]! * this.target.pageSize;
  }

  /** Announces the pages of the current run that are now whole, as they arrive. */
  private announceWholePages(): void {
    const whole = Math.floor(this.filled / this.target.pageSize);
    if (whole === this.runAnnounced) return;
    const first = this.runs[this.run * 2]! + this.runAnnounced;
    const count = whole - this.runAnnounced;
    this.runAnnounced = whole;
    this.target.onPagesArrived(first, count);
  }

  private expectHeader(): void {
    this.expect(phases.header, frameHeaderBytes);
  }

  private expect(phase: number, bytes: number): void {
    this.phase = phase;
    this.filled = 0;
    this.wanted = bytes;
    if (bytes > this.scratch.length) this.scratch = Buffer.allocUnsafeSlow(Math.max(bytes, 2 * this.scratch.length));
  }

  private fail(message: string): void {
    this.failure = new Error(message);
    // Keep the socket's reads harmless until the caller has closed it.
    this.expectHeader();
  }
}
