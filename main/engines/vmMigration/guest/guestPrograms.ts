// The guest programs: each does bounded steps of real work on guest memory, through its page table.
import type { GuestMemory } from './guestMemory.ts';
import { nextRandom, type GuestCpuState, type WorkloadOptions } from './guestWorkload.ts';
import { KeyValueStore } from './keyValueStore.ts';
import type { SharedRing } from './sharedRing.ts';

export interface GuestProgram {
  /** Writes the guest's initial memory contents (once, at the source, before it is migrated). */
  initialize(memory: GuestMemory): void;
  /** Does at most `budget` operations; returns how many it did (0 when it has nothing to do). */
  step(memory: GuestMemory, budget: number): number;
}

/** Fills the first `fillFraction` of memory with non-zero data (the rest stays zero pages). */
function fillMemory(memory: GuestMemory, fillFraction: number, seed: number): void {
  const pages = Math.min(memory.pageCount, Math.round(memory.pageCount * Math.max(0, Math.min(1, fillFraction))));
  const wordsPerPage = memory.pageSize / 4;
  let value = seed | 1;
  for (let page = 0; page < pages; page += 1) {
    const start = page * wordsPerPage;
    // Write every 16th word: enough to make every page distinct and non-zero, cheap for 1 GiB.
    for (let word = start; word < start + wordsPerPage; word += 16) {
      value = Math.imul(value ^ (value >>> 15), 0x2c1b3c6d) + page;
      memory.words[word] = value | 1;
    }
  }
}

function workingSetPages(memory: GuestMemory, options: WorkloadOptions): number {
  return Math.max(1, Math.min(memory.pageCount, Math.floor(options.workingSetBytes / memory.pageSize)));
}

function pickPage(state: GuestCpuState, pages: number, options: WorkloadOptions): number {
  if (options.pattern === 'sequential') {
    const page = state.cursor % pages;
    state.cursor = (state.cursor + 1) % pages;
    return page;
  }
  const random = nextRandom(state);
  if (options.pattern === 'hot-cold') {
    // 90% of accesses go to the hottest 10% of the working set.
    const hotPages = Math.max(1, Math.floor(pages / 10));
    return random % 10 < 9 ? (random >>> 4) % hotPages : (random >>> 4) % pages;
  }
  return random % pages;
}

/** A program whose memory starts as fillMemory leaves it; it keeps its CPU state and options. */
class FilledMemoryProgram {
  protected readonly state: GuestCpuState;
  protected readonly options: WorkloadOptions;
  constructor(state: GuestCpuState, options: WorkloadOptions) {
    this.state = state;
    this.options = options;
  }

  initialize(memory: GuestMemory): void {
    fillMemory(memory, this.options.fillFraction, this.state.random);
  }
}

/** Writes a few words into one page per operation: dirties pages at a chosen rate and pattern. */
class WriterProgram extends FilledMemoryProgram implements GuestProgram {
  step(memory: GuestMemory, budget: number): number {
    const pages = workingSetPages(memory, this.options);
    const wordsPerPage = memory.pageSize / 4;
    for (let done = 0; done < budget; done += 1) {
      const page = pickPage(this.state, pages, this.options);
      const base = page * wordsPerPage + ((this.state.operations * 4) % wordsPerPage);
      memory.ensurePresent(page);
      for (let word = 0; word < 4; word += 1) memory.words[base + word] = this.state.operations + word + 1;
      memory.wrotePage(page);
      this.state.operations += 1;
    }
    return budget;
  }
}

/** Reads whole pages in order and writes one word per thousand reads: a read-mostly guest. */
class ScannerProgram extends FilledMemoryProgram implements GuestProgram {
  private checksum = 0;

  step(memory: GuestMemory, budget: number): number {
    const wordsPerPage = memory.pageSize / 4;
    for (let done = 0; done < budget; done += 1) {
      const page = this.state.cursor % memory.pageCount;
      this.state.cursor = (this.state.cursor + 1) % memory.pageCount;
      memory.ensurePresent(page);
      const start = page * wordsPerPage;
      let sum = this.checksum;
      for (let word = start; word < start + wordsPerPage; word += 8) sum = (sum + memory.words[word]!) | 0;
      this.checksum = sum;
      if (this.state.operations % 1000 === 999) memory.writeWord(start, sum | 1);
      this.state.operations += 1;
    }
    return budget;
  }
}

/** Does nothing: its memory is all a migration moves. */
class IdleProgram extends FilledMemoryProgram implements GuestProgram {
  step(): number {
    return 0;
  }
}

/** Answers key-value requests from the virtual NIC; its table lives in guest memory. */
class KeyValueProgram extends FilledMemoryProgram implements GuestProgram {
  private store: KeyValueStore | undefined;
  private readonly receive: SharedRing;
  private readonly transmit: SharedRing;
  private readonly notifyTransmit: () => void;
  private readonly whileWaiting: () => void;
  private readonly pauseCell = new Int32Array(new SharedArrayBuffer(4));
  constructor(state: GuestCpuState, options: WorkloadOptions, receive: SharedRing, transmit: SharedRing, notifyTransmit: () => void, whileWaiting: () => void) {
    super(state, options);
    this.notifyTransmit = notifyTransmit;
    this.whileWaiting = whileWaiting;
    this.receive = receive;
    this.transmit = transmit;
  }

  private storeFor(memory: GuestMemory): KeyValueStore {
    this.store ??= new KeyValueStore(memory, this.options.keyCount);
    return this.store;
  }

  override initialize(memory: GuestMemory): void {
    super.initialize(memory);
    this.storeFor(memory).populate(this.options.keyCount);
  }

  step(memory: GuestMemory, budget: number): number {
    const store = this.storeFor(memory);
    let done = 0;
    while (done < budget) {
      const request = this.receive.shift();
      if (request === undefined) break;
      const response = store.handle(request);
      // The host drains the transmit ring continuously; a full ring means it is stopping: wait briefly.
      for (let attempt = 0; !this.transmit.push(response) && attempt < 2000; attempt += 1) {
        // The host may be waiting for this guest to answer a probe before it drains the ring.
        this.whileWaiting();
        Atomics.wait(this.pauseCell, 0, 0, 1);
      }
      this.notifyTransmit();
      this.state.requestsAnswered += 1;
      this.state.operations += 1;
      done += 1;
    }
    return done;
  }
}

export function createGuestProgram(options: WorkloadOptions, state: GuestCpuState, nic: { receive: SharedRing; transmit: SharedRing; notifyTransmit: () => void; whileWaiting: () => void } | undefined): GuestProgram {
  switch (options.kind) {
    case 'writer':
      return new WriterProgram(state, options);
    case 'scanner':
      return new ScannerProgram(state, options);
    case 'idle':
      return new IdleProgram(state, options);
    case 'kv-server':
      if (nic === undefined) throw new Error('the key-value guest needs a virtual NIC');
      return new KeyValueProgram(state, options, nic.receive, nic.transmit, nic.notifyTransmit, nic.whileWaiting);
  }
}
