// A guest's memory on one host: pages in one SharedArrayBuffer, a page table that says which pages
// are present on this host, and a dirty map. Every guest access goes through `ensurePresent`, so a
// touch of a missing page is a real page fault: the guest thread blocks (Atomics.wait) until the
// host has copied the page in — what userfaultfd gives QEMU on the destination of a post-copy.

export const pageAbsent = 0;
export const pagePresent = 1;

/** The shared buffers of one copy of guest memory; plain data, safe to post to any thread. */
export interface GuestMemoryBuffers {
  pageSize: number;
  pageCount: number;
  data: SharedArrayBuffer;
  /** Int32 per page: pageAbsent or pagePresent (Int32 so the guest can Atomics.wait on it). */
  pageTable: SharedArrayBuffer;
  /** One byte per page: 1 when the guest wrote the page since the host last cleared it. */
  dirtyMap: SharedArrayBuffer;
  /**
   * The same memory as a shared WebAssembly memory (`data` is its buffer), so that its pages can be
   * checksummed with SIMD (MemoryChecksums); absent when the size is not whole 64 KiB pages.
   */
  wasmMemory?: WebAssembly.Memory;
}

const wasmPageBytes = 65536;

/** Zeroed shared memory of `bytes`: a WebAssembly memory's buffer where the size allows one. */
function sharedMemory(bytes: number): { data: SharedArrayBuffer; wasmMemory?: WebAssembly.Memory } {
  const wasmPages = bytes / wasmPageBytes;
  if (!Number.isInteger(wasmPages) || wasmPages < 1 || wasmPages > 65536) return { data: new SharedArrayBuffer(bytes) };
  const wasmMemory = new WebAssembly.Memory({ initial: wasmPages, maximum: wasmPages, shared: true });
  return { data: wasmMemory.buffer as unknown as SharedArrayBuffer, wasmMemory };
}

export function createGuestMemoryBuffers(memoryBytes: number, pageSize: number, initiallyPresent: boolean): GuestMemoryBuffers {
  if (!Number.isInteger(Math.log2(pageSize)) || pageSize < 256) throw new Error(`page size must be a power of two >= 256, not ${pageSize}`);
  const pageCount = Math.ceil(memoryBytes / pageSize);
  const pageTable = new SharedArrayBuffer(pageCount * 4);
  if (initiallyPresent) new Int32Array(pageTable).fill(pagePresent);
  return { pageSize, pageCount, ...sharedMemory(pageCount * pageSize), pageTable, dirtyMap: new SharedArrayBuffer(pageCount) };
}

/** Called on a fault; returns only once the page is present (or throws when it never will be). */
export type FaultHandler = (page: number) => void;

/** Views over one copy of guest memory, with the accessors guest programs use. */
export class GuestMemory {
  readonly pageSize: number;
  readonly pageCount: number;
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
  readonly pageTable: Int32Array;
  readonly dirtyMap: Uint8Array;
  readonly wordsPerPageShift: number;
  /** Set by the host through the guest's control block; read on every write. */
  trackDirty = false;
  private readonly onFault: FaultHandler;

  constructor(buffers: GuestMemoryBuffers, onFault: FaultHandler) {
    this.pageSize = buffers.pageSize;
    this.pageCount = buffers.pageCount;
    this.bytes = new Uint8Array(buffers.data);
    this.words = new Int32Array(buffers.data);
    this.pageTable = new Int32Array(buffers.pageTable);
    this.dirtyMap = new Uint8Array(buffers.dirtyMap);
    this.wordsPerPageShift = Math.log2(buffers.pageSize / 4);
    this.onFault = onFault;
  }

  get wordCount(): number {
    return this.words.length;
  }

  /** The page-table check of every access; a plain load on the fast path. */
  ensurePresent(page: number): void {
    if (this.pageTable[page] !== pagePresent) this.onFault(page);
  }

  readWord(wordIndex: number): number {
    this.ensurePresent(wordIndex >>> this.wordsPerPageShift);
    return this.words[wordIndex]!;
  }

  writeWord(wordIndex: number, value: number): void {
    const page = wordIndex >>> this.wordsPerPageShift;
    this.ensurePresent(page);
    // Data first, dirty bit after: the host clears the bit before it copies the page, so a write
    // racing with the copy always leaves the page marked for the next round.
    this.words[wordIndex] = value;
    // Always a store, never "load, then store if clear": a load may pass the data store still in
    // the CPU's store buffer and see a bit the host is about to clear, losing the update.
    if (this.trackDirty) this.dirtyMap[page] = 1;
  }

  /**
   * Ends a run of direct stores into one page (after `ensurePresent`): marks it dirty once, as a
   * TLB entry with its dirty bit set makes further writes to the page free. Call after the stores.
   */
  wrotePage(page: number): void {
    if (this.trackDirty) this.dirtyMap[page] = 1;
  }

  /** Reads `length` bytes at `address` (may span pages) into `target`. */
  readBytes(address: number, target: Uint8Array, length: number): void {
    this.touchRange(address, length, false);
    target.set(this.bytes.subarray(address, address + length));
  }

  writeBytes(address: number, source: Uint8Array): void {
    this.touchRange(address, source.length, false);
    this.bytes.set(source, address);
    this.touchRange(address, source.length, true);
  }

  private touchRange(address: number, length: number, writing: boolean): void {
    if (length <= 0) return;
    const first = Math.floor(address / this.pageSize);
    const last = Math.floor((address + length - 1) / this.pageSize);
    for (let page = first; page <= last; page += 1) {
      this.ensurePresent(page);
      if (writing && this.trackDirty) this.dirtyMap[page] = 1;
    }
  }
}

/**
 * A per-page checksum for the integrity check: Fletcher-style running sums over 32-bit words, in
 * four independent lanes so the CPU overlaps them (an FNV multiply chain ran at ~1 GB/s and was the
 * destination's bottleneck). Sensitive to every word and to word order; not meant against malice.
 */
export function pageChecksum(words: Int32Array, page: number, wordsPerPage: number): number {
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let order0 = 0;
  let order1 = 0;
  let order2 = 0;
  let order3 = 0;
  const start = page * wordsPerPage;
  const end = start + wordsPerPage;
  for (let index = start; index < end; index += 4) {
    sum0 = (sum0 + words[index]!) | 0;
    sum1 = (sum1 + words[index + 1]!) | 0;
    sum2 = (sum2 + words[index + 2]!) | 0;
    sum3 = (sum3 + words[index + 3]!) | 0;
    order0 = (order0 + sum0) | 0;
    order1 = (order1 + sum1) | 0;
    order2 = (order2 + sum2) | 0;
    order3 = (order3 + sum3) | 0;
  }
  let hash = 0x811c9dc5;
  for (const value of [sum0, sum1, sum2, sum3, order0, order1, order2, order3]) hash = Math.imul(hash ^ value, 0x01000193);
  return hash >>> 0;
}

export function isZeroPage(words: Int32Array, page: number, wordsPerPage: number): boolean {
  const start = page * wordsPerPage;
  const end = start + wordsPerPage;
  for (let index = start; index < end; index += 1) if (words[index] !== 0) return false;
  return true;
}
