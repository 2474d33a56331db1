// The postcopy preempt channel (QEMU gives it its own socket and thread): page requests and the
// pages that answer them never wait behind the bulk stream, nor behind the hosts' bulk work.
// - Source end: the page server, on its own thread. Listens; on a page request, claims the page in
//   the shared claim map (the bulk push claims the same way, so every page is sent exactly once)
//   and sends it back on the same connection, or says the push already has it on the way.
// - Destination end: the faulting guest thread itself, on its own connection
//   (guest/pageRequestLine.ts): it writes the request, reads the answer and copies the page in,
//   so a fault wakes no other thread at the destination.

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
  | { kind: 'close' };

export type UrgentReport = { kind: 'listening'; port: number };
