// Both hosts' copies of one guest's memory, made once for a whole run and handed to each of its
// migrations as a fresh guest's. A run migrates the same guest once per strategy; with new copies
// for each, the old ones were freed only when the main thread's garbage collector next ran, and a
// 256 MiB guest's run grew by about 2x guest memory per strategy (770 MiB after the first, 1.8 GiB
// after the third); a 1 GiB guest's passed 8 GiB. Reused, the run holds 2x guest memory whatever
// the collector does.
import { createGuestMemoryBuffers, pageAbsent, pagePresent, type GuestMemoryBuffers } from './guestMemory.ts';

export class GuestMemoryPair {
  readonly memoryBytes: number;
  readonly pageSize: number;
  private readonly source: GuestMemoryBuffers;
  private readonly destination: GuestMemoryBuffers;
  private handedOut = false;

  constructor(memoryBytes: number, pageSize: number) {
    this.memoryBytes = memoryBytes;
    this.pageSize = pageSize;
    this.source = createGuestMemoryBuffers(memoryBytes, pageSize, true);
    this.destination = createGuestMemoryBuffers(memoryBytes, pageSize, false);
  }

  /**
   * The two copies as a new guest's: the source's pages all present, the destination's all absent,
   * every byte zero, nothing dirty. Only call once the threads of the migration before have ended.
   */
  take(): { source: GuestMemoryBuffers; destination: GuestMemoryBuffers } {
    // Fresh memory is zero already, and left untouched it costs no resident memory until used.
    if (this.handedOut) {
      reset(this.source, pagePresent);
      reset(this.destination, pageAbsent);
    }
    this.handedOut = true;
    return { source: this.source, destination: this.destination };
  }
}

function reset(memory: GuestMemoryBuffers, pageState: number): void {
  new Uint8Array(memory.data).fill(0);
  new Int32Array(memory.pageTable).fill(pageState);
  new Uint8Array(memory.dirtyMap).fill(0);
}
