// Where a post-copy fault's time goes, hop by hop. The faulting guest stamps each step of its page
// request (written, first byte of the answer, answer read, page installed), the source's page server
// stamps when the request reached it and when its answer went out; each into a shared buffer of its
// own (monotonicMs: one clock for every thread). After the migration the two are joined by page, and
// the hops of the slowest faults (at or above the p99) are averaged beside those of the median band:
// a tail is explained by which hop grows, not by the medians.

/**
 * Milliseconds of the system's monotonic clock: the same clock in every thread, where each thread's
 * `performance.timeOrigin` is its own (stamps of two threads taken so differed by ~15 µs here).
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Per fault at the guest: page, request started, request written (kept, unused: the server often reads it before the write call returns), first answer byte, answer read, page installed. */
const guestFields = 6;
/** Per request at the page server: page, request read, answer about to be written. */
const serverFields = 3;

export interface FaultTraceBuffers {
  /** Float64: [count, then guestFields per fault]. */
  guest: SharedArrayBuffer;
  /** Float64: [count, then serverFields per request]. */
  server: SharedArrayBuffer;
}

export function createFaultTraceBuffers(capacity: number): FaultTraceBuffers {
  return { guest: new SharedArrayBuffer(8 * (1 + guestFields * capacity)), server: new SharedArrayBuffer(8 * (1 + serverFields * capacity)) };
}

/** Appends records of a fixed number of fields; one writing thread per buffer. Full: drops. */
export class FaultTraceWriter {
  private readonly values: Float64Array;
  private readonly fields: number;
  private readonly capacity: number;

  private constructor(buffer: SharedArrayBuffer, fields: number) {
    this.values = new Float64Array(buffer);
    this.fields = fields;
    this.capacity = Math.floor((this.values.length - 1) / fields);
  }

  static guest(buffers: FaultTraceBuffers): FaultTraceWriter {
    return new FaultTraceWriter(buffers.guest, guestFields);
  }

  static server(buffers: FaultTraceBuffers): FaultTraceWriter {
    return new FaultTraceWriter(buffers.server, serverFields);
  }

  record(first: number, second: number, third: number, fourth = 0, fifth = 0, sixth = 0): void {
    const count = this.values[0]!;
    if (count >= this.capacity) return;
    const at = 1 + count * this.fields;
    this.values[at] = first;
    this.values[at + 1] = second;
    this.values[at + 2] = third;
    if (this.fields > 3) {
      this.values[at + 3] = fourth;
      this.values[at + 4] = fifth;
      this.values[at + 5] = sixth;
    }
    this.values[0] = count + 1;
  }
}

/**
 * The hops, which add up to the fault's time: the request to the page server (the guest's write, the
 * link, the server thread getting a core), the page server's work up to its write, the answer back (the
 * write, the link, the guest getting a core), reading the rest of the answer, and installing the page.
 */
export const faultHopNames = ['toPageServer', 'pageServer', 'answerBack', 'answerRead', 'install'] as const;
export type FaultHops = Record<(typeof faultHopNames)[number], number>;

export interface FaultHopBreakdown {
  /** Faults with both ends' stamps (page requests the server answered with a page). */
  faults: number;
  /** Total time (µs) from the request to the page installed, at the p50 and p99 of these faults. */
  p50Us: number;
  p99Us: number;
  /** Mean µs per hop of the faults between the p40 and the p60, and of those at or above the p99. */
  medianBand: FaultHops;
  p99Band: FaultHops;
}

function records(buffer: SharedArrayBuffer, fields: number): Float64Array[] {
  const values = new Float64Array(buffer);
  const rows: Float64Array[] = [];
  for (let row = 0; row < values[0]!; row += 1) rows.push(values.subarray(1 + row * fields, 1 + (row + 1) * fields));
  return rows;
}

function meanHops(rows: readonly FaultHops[]): FaultHops {
  const mean = Object.fromEntries(faultHopNames.map((name) => [name, 0])) as FaultHops;
  for (const row of rows) for (const name of faultHopNames) mean[name] += row[name] / rows.length;
  for (const name of faultHopNames) mean[name] = Math.round(mean[name] * 10) / 10;
  return mean;
}

/** Joins both ends' stamps by page (post-copy sends and requests each page once). */
export function faultHopBreakdown(buffers: FaultTraceBuffers): FaultHopBreakdown {
  const server = new Map<number, Float64Array>();
  for (const row of records(buffers.server, serverFields)) server.set(row[0]!, row);
  const faults: { totalUs: number; hops: FaultHops }[] = [];
  for (const [page, started, , firstByte, read, installed] of records(buffers.guest, guestFields)) {
    const served = server.get(page!);
    if (served === undefined) continue;
    const microseconds = (from: number, to: number): number => (to - from) * 1000;
    faults.push({
      totalUs: microseconds(started!, installed!),
      hops: {
        toPageServer: microseconds(started!, served[1]!),
        pageServer: microseconds(served[1]!, served[2]!),
        answerBack: microseconds(served[2]!, firstByte!),
        answerRead: microseconds(firstByte!, read!),
        install: microseconds(read!, installed!),
      },
    });
  }
  faults.sort((left, right) => left.totalUs - right.totalUs);
  const at = (fraction: number): number => Math.min(faults.length - 1, Math.floor(fraction * faults.length));
  if (faults.length === 0) {
    const none = meanHops([]);
    return { faults: 0, p50Us: 0, p99Us: 0, medianBand: none, p99Band: none };
  }
  return {
    faults: faults.length,
    p50Us: Math.round(faults[at(0.5)]!.totalUs),
    p99Us: Math.round(faults[at(0.99)]!.totalUs),
    medianBand: meanHops(faults.slice(at(0.4), Math.max(at(0.4) + 1, at(0.6))).map((fault) => fault.hops)),
    p99Band: meanHops(faults.slice(at(0.99)).map((fault) => fault.hops)),
  };
}
