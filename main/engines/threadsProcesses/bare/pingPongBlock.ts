/**
 * The block of memory the native echo_loop and fork_child (x64MachineCode.ts) read their
 * arguments from and write their timestamps to. It lives in shared anonymous memory, so a forked
 * child's timestamps are seen by the helper that forked it.
 */
export const pingPongBlockLayout = {
  readFd: 0,
  writeFd: 4,
  count: 8,
  parentPid: 16,
  allSignals: 24,
  cpuMask: 32,
  savedSignals: 40,
  firstReadAt: 48,
  lastReadAt: 64,
  byte: 80,
} as const;

/** Bytes one block takes, rounded up so blocks side by side never share a cache line. */
export const pingPongBlockBytes = 128;

export interface PingPongBlockFields {
  readFd: number;
  writeFd: number;
  /** How many bytes echo_loop reads (and writes back) before it returns. */
  count: number;
  /** A forked child checks it still has this parent before it starts. */
  parentPid: number;
  /** Pin the thread or child to this CPU; undefined leaves it to the scheduler. */
  cpu: number | undefined;
}

export function writePingPongBlock(view: DataView, offset: number, fields: PingPongBlockFields): void {
  const at = pingPongBlockLayout;
  new Uint8Array(view.buffer, view.byteOffset + offset, pingPongBlockBytes).fill(0);
  view.setInt32(offset + at.readFd, fields.readFd, true);
  view.setInt32(offset + at.writeFd, fields.writeFd, true);
  view.setBigInt64(offset + at.count, BigInt(fields.count), true);
  view.setBigInt64(offset + at.parentPid, BigInt(fields.parentPid), true);
  view.setBigUint64(offset + at.allSignals, 0xffff_ffff_ffff_ffffn, true);
  // A 64-bit mask reaches CPUs 0-63; on a larger machine the lab picks one of those.
  view.setBigUint64(offset + at.cpuMask, fields.cpu === undefined ? 0n : 1n << BigInt(fields.cpu % 64), true);
}

function nanosecondsAt(view: DataView, offset: number): number {
  return Number(view.getBigInt64(offset, true)) * 1e9 + Number(view.getBigInt64(offset + 8, true));
}

/** Nanoseconds from the first read until the last one, as echo_loop recorded them (CLOCK_MONOTONIC). */
export function firstToLastReadNs(view: DataView, offset: number): number {
  return nanosecondsAt(view, offset + pingPongBlockLayout.lastReadAt) - nanosecondsAt(view, offset + pingPongBlockLayout.firstReadAt);
}
