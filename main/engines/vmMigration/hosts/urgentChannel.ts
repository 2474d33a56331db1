// The postcopy preempt channel, on its own thread at each end (as QEMU gives it its own socket and
// thread): page requests from the destination and the pages that answer them never wait behind
// the bulk stream, nor behind the bulk work of the hosts' own threads.
// - Source end: the page server. Listens; on a page request, claims the page in the shared claim
//   map (the bulk push claims the same way, so every page is sent exactly once) and sends it.
// - Destination end: the receiver. Connects; installs the pages that answer faults. The faulting
//   guest writes its requests itself, on its own connection (guest/pageRequestLine.ts), so a fault
//   crosses no thread on its way out.

export const urgentCounterSlots = {
  pagesRequested: 0,
  pagesSent: 1,
  zeroPagesSent: 2,
  bytesSent: 3,
  /** The latest faulted page and a sequence number: the bulk push pre-pages from there. */
  lastFaultPage: 4,
  faultSequence: 5,
} as const;

export interface SourceUrgentShared {
  /** Uint8 per page: 1 while the page still has to be sent in the post-copy phase. */
  claimMap: SharedArrayBuffer;
  /** Float64 counters, see urgentCounterSlots. */
  counters: SharedArrayBuffer;
}

export function createSourceUrgentShared(pageCount: number): SourceUrgentShared {
  return { claimMap: new SharedArrayBuffer(pageCount), counters: new SharedArrayBuffer(8 * 8) };
}

export type UrgentRequest =
  | { kind: 'configure'; skipZeroPages: boolean; latencyMs: number; bandwidthBytesPerSecond: number }
  | { kind: 'connect'; port: number; latencyMs: number; bandwidthBytesPerSecond: number }
  | { kind: 'close' };

export type UrgentReport = { kind: 'listening'; port: number } | { kind: 'installed' } | { kind: 'closed' } | { kind: 'error'; message: string };
