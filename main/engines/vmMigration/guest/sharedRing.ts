// A single-producer, single-consumer ring of byte records in a SharedArrayBuffer: the virtual NIC
// between a host (which owns the real TCP connection) and its guest thread (which cannot own one).

const headIndex = 0; // next write offset, only the producer moves it
const tailIndex = 1; // next read offset, only the consumer moves it
const headerBytes = 8;
const wrapMarker = 0xffffffff;

export function createRingBuffer(capacityBytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(headerBytes + capacityBytes);
}

export class SharedRing {
  private readonly offsets: Int32Array;
  private readonly data: Uint8Array;
  private readonly view: DataView;
  private readonly capacity: number;

  constructor(buffer: SharedArrayBuffer) {
    this.offsets = new Int32Array(buffer, 0, 2);
    this.data = new Uint8Array(buffer, headerBytes);
    this.view = new DataView(buffer, headerBytes);
    this.capacity = this.data.length;
  }

  /** Appends one record; false when the ring has no room for it now. */
  push(record: Uint8Array): boolean {
    const needed = 4 + record.length;
    if (needed + 4 >= this.capacity) throw new Error(`record of ${record.length} bytes cannot fit a ring of ${this.capacity}`);
    let head = Atomics.load(this.offsets, headIndex);
    const tail = Atomics.load(this.offsets, tailIndex);
    if (head >= tail) {
      if (this.capacity - head < needed) {
        // Not enough room before the end: wrap, if the start has room (one byte always kept free).
        if (tail <= needed) return false;
        if (this.capacity - head >= 4) this.view.setUint32(head, wrapMarker, true);
        head = 0;
      }
    } else if (tail - head <= needed) {
      return false;
    }
    this.view.setUint32(head, record.length, true);
    this.data.set(record, head + 4);
    // The store publishes the record: the consumer reads head with Atomics.load.
    Atomics.store(this.offsets, headIndex, head + needed);
    return true;
  }

  /** Takes the oldest record (a copy), or undefined when the ring is empty. */
  shift(): Uint8Array | undefined {
    let tail = Atomics.load(this.offsets, tailIndex);
    const head = Atomics.load(this.offsets, headIndex);
    if (tail === head) return undefined;
    if (this.capacity - tail < 4 || this.view.getUint32(tail, true) === wrapMarker) {
      tail = 0;
      if (tail === head) {
        Atomics.store(this.offsets, tailIndex, 0);
        return undefined;
      }
    }
    const length = this.view.getUint32(tail, true);
    const record = this.data.slice(tail + 4, tail + 4 + length);
    Atomics.store(this.offsets, tailIndex, tail + 4 + length);
    return record;
  }

  /** Every record not yet taken, oldest first, taken. Only the consumer side may call it. */
  drain(): Uint8Array[] {
    const records: Uint8Array[] = [];
    for (let record = this.shift(); record !== undefined && records.length < 1_000_000; record = this.shift()) records.push(record);
    return records;
  }

  get isEmpty(): boolean {
    return Atomics.load(this.offsets, headIndex) === Atomics.load(this.offsets, tailIndex);
  }
}
