// Puts received pages into the destination's copy of guest memory. Shared by the destination host
// (bulk pages) and the destination's guest thread (the pages that answer its faults): both write
// the same memory, page table, checksums and counters, each page arriving exactly once in post-copy.
import { pageAbsent, pageChecksum, pagePresent, type GuestMemoryBuffers } from '../guest/guestMemory.ts';
import { MemoryChecksums } from '../guest/memoryChecksums.ts';
import { forEachRun } from '../link/linkFrames.ts';

const counterSlots = { present: 0, duplicates: 1, resumed: 2 } as const;

export interface InstallerBuffers {
  /** Uint32 per page: the checksum of what this copy received last for the page. */
  checksums: SharedArrayBuffer;
  /** Int32 counters: pages present, duplicates after resume, resumed flag. */
  counters: SharedArrayBuffer;
}

export function createInstallerBuffers(memory: GuestMemoryBuffers): InstallerBuffers {
  const checksums = new SharedArrayBuffer(memory.pageCount * 4);
  const wordsPerPage = memory.pageSize / 4;
  new Uint32Array(checksums).fill(pageChecksum(new Int32Array(wordsPerPage), 0, wordsPerPage));
  const counters = new SharedArrayBuffer(16);
  const pageTable = new Int32Array(memory.pageTable);
  let present = 0;
  for (let page = 0; page < memory.pageCount; page += 1) if (pageTable[page] === pagePresent) present += 1;
  new Int32Array(counters)[counterSlots.present] = present;
  return { checksums, counters };
}

export class PageInstaller {
  readonly checksums: Uint32Array;
  readonly pageTable: Int32Array;
  private readonly counters: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly pageSize: number;
  private readonly wordsPerPage: number;
  private readonly zeroChecksum: number;
  private readonly alignedWords: Int32Array;
  private readonly alignedScratch: Uint8Array;
  private readonly memoryChecksums: MemoryChecksums;

  constructor(memory: GuestMemoryBuffers, shared: InstallerBuffers) {
    this.checksums = new Uint32Array(shared.checksums);
    this.counters = new Int32Array(shared.counters);
    this.pageTable = new Int32Array(memory.pageTable);
    this.bytes = new Uint8Array(memory.data);
    this.pageSize = memory.pageSize;
    this.wordsPerPage = memory.pageSize / 4;
    this.alignedWords = new Int32Array(this.wordsPerPage);
    this.alignedScratch = new Uint8Array(this.alignedWords.buffer);
    this.zeroChecksum = pageChecksum(this.alignedWords, 0, this.wordsPerPage);
    this.memoryChecksums = new MemoryChecksums(memory);
  }

  get presentCount(): number {
    return Atomics.load(this.counters, counterSlots.present);
  }

  get duplicates(): number {
    return Atomics.load(this.counters, counterSlots.duplicates);
  }

  get resumed(): boolean {
    return Atomics.load(this.counters, counterSlots.resumed) === 1;
  }

  markResumed(): void {
    Atomics.store(this.counters, counterSlots.resumed, 1);
  }

  /**
   * A pages frame's payload: [u32 count][count x u32 page][count x page bytes]. In three steps, for
   * a thread that watches `presentCount` to see every checksum already in place:
   * 1. copy each page in and mark it present, waking a guest blocked on it at once;
   * 2. checksum what arrived, from the frame's bytes rather than guest memory, which the woken
   *    guest may already be changing;
   * 3. only then count the pages present (the atomic add publishes the checksums written before it).
   */
  installPages(payload: Buffer): number[] {
    const count = payload.readUInt32LE(0);
    const dataStart = 4 + count * 4;
    const pages = new Array<number>(count);
    for (let position = 0; position < count; position += 1) pages[position] = payload.readUInt32LE(4 + position * 4);
    const data = new Uint8Array(payload.buffer, payload.byteOffset + dataStart, count * this.pageSize);
    let newlyPresent = 0;
    forEachRun(pages, (first, position, runLength) => {
      this.bytes.set(data.subarray(position * this.pageSize, (position + runLength) * this.pageSize), first * this.pageSize);
      for (let page = first; page < first + runLength; page += 1) if (this.markPresent(page)) newlyPresent += 1;
    });
    for (let position = 0; position < count; position += 1) this.checksums[pages[position]!] = this.receivedChecksum(data, position);
    if (newlyPresent > 0) Atomics.add(this.counters, counterSlots.present, newlyPresent);
    return pages;
  }

  /**
   * Pages `first` to `first + count - 1` were received straight into guest memory (see
   * InPlaceFrameReader). Each is checksummed there before it is marked present: until then no guest
   * touches it (an absent page blocks its guest; before resume the guest does not run), so what is
   * summed is what arrived. Then counted, as installPages does.
   */
  pagesArrivedInPlace(first: number, count: number): void {
    let newlyPresent = 0;
    for (let page = first; page < first + count; page += 1) {
      this.checksums[page] = this.memoryChecksums.of(page);
      if (this.markPresent(page)) newlyPresent += 1;
    }
    if (newlyPresent > 0) Atomics.add(this.counters, counterSlots.present, newlyPresent);
  }

  installZeroPages(pages: Uint32Array): void {
    let newlyPresent = 0;
    for (const page of pages) {
      this.bytes.fill(0, page * this.pageSize, (page + 1) * this.pageSize);
      if (this.markPresent(page)) newlyPresent += 1;
      this.checksums[page] = this.zeroChecksum;
    }
    if (newlyPresent > 0) Atomics.add(this.counters, counterSlots.present, newlyPresent);
  }

  /** The checksum of the `position`th page of received `data` (copied aside first when not 4-byte aligned). */
  private receivedChecksum(data: Uint8Array, position: number): number {
    const offset = data.byteOffset + position * this.pageSize;
    if (offset % 4 === 0) return pageChecksum(new Int32Array(data.buffer, offset, this.wordsPerPage), 0, this.wordsPerPage);
    this.alignedScratch.set(data.subarray(position * this.pageSize, (position + 1) * this.pageSize));
    return pageChecksum(this.alignedWords, 0, this.wordsPerPage);
  }

  /** Marks `page` present (waking a guest blocked on it); true if it was absent. The caller counts it. */
  private markPresent(page: number): boolean {
    if (Atomics.compareExchange(this.pageTable, page, pageAbsent, pagePresent) !== pageAbsent) {
      if (this.resumed) Atomics.add(this.counters, counterSlots.duplicates, 1);
      return false;
    }
    // Only a resumed guest can be blocked on a page.
    if (this.resumed) Atomics.notify(this.pageTable, page);
    return true;
  }

  /** Hybrid switch-over: pages dirtied since they were sent are stale here until fetched again. */
  markStale(bitmap: Buffer): void {
    for (let page = 0; page < this.pageTable.length; page += 1) {
      if ((bitmap[page >>> 3]! & (1 << (page & 7))) === 0) continue;
      if (Atomics.load(this.pageTable, page) === pagePresent) Atomics.sub(this.counters, counterSlots.present, 1);
      Atomics.store(this.pageTable, page, pageAbsent);
    }
  }
}
