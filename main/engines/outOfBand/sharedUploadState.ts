/**
 * Memory shared by the engine (the client) and the two server threads. The engine reads the
 * server's received-byte counter at the very moment it cancels, without a message round trip, so
 * "bytes received in vain" is measured, not estimated.
 */
export const sharedSlot = {
  /** Bytes the upload handler has read from the current upload's connection. */
  receivedBytes: 0,
  /** Upload id the urgent handler was asked to cancel (0 = none). */
  cancelRequestedId: 1,
} as const;

const slotCount = 2;

export function createSharedUploadState(): SharedArrayBuffer {
  return new SharedArrayBuffer(slotCount * BigInt64Array.BYTES_PER_ELEMENT);
}

export function sharedSlots(buffer: SharedArrayBuffer): BigInt64Array {
  return new BigInt64Array(buffer);
}

export function readSlot(slots: BigInt64Array, slot: number): number {
  return Number(Atomics.load(slots, slot));
}

export function writeSlot(slots: BigInt64Array, slot: number, value: number): void {
  Atomics.store(slots, slot, BigInt(value));
}

/** CLOCK_MONOTONIC in milliseconds: the same clock in every thread and process of this machine. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
