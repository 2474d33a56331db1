// Messages between the engine (which owns every thread) and the two host threads.
import type { FaultTraceBuffers } from '../faultHops.ts';
import type { GuestControlBuffers } from '../guest/guestControl.ts';
import type { GuestMemoryBuffers } from '../guest/guestMemory.ts';
import type { LinkShape } from '../link/linkSender.ts';
import type { NicRingBuffers } from './nicService.ts';
import type { InstallerBuffers } from './pageInstaller.ts';

export const strategyNames = ['stop-copy', 'pre-copy', 'post-copy', 'hybrid'] as const;
export type StrategyName = (typeof strategyNames)[number];

export interface HostOptions {
  role: 'source' | 'destination';
  memory: GuestMemoryBuffers;
  control: GuestControlBuffers;
  nic: NicRingBuffers | undefined;
  /** Destination: page bookkeeping shared with the guest thread, which takes in the pages of its faults. */
  installer?: InstallerBuffers;
  /** Source: where its page server stamps the requests it answers (see faultHops.ts). */
  faultTrace?: FaultTraceBuffers;
}

export interface MigrationOptions {
  strategy: StrategyName;
  shape: LinkShape;
  /** Pre-copy: most rounds before stopping anyway (round 1 sends every page). */
  maximumRounds: number;
  /** Pre-copy: stop when the pages left would take at most this long at the measured bandwidth. */
  downtimeLimitMs: number;
  autoConverge: boolean;
  skipZeroPages: boolean;
  /** Hybrid: pre-copy rounds before switching to post-copy. */
  hybridRounds: number;
  /** Post-copy: after a fault, push the pages that follow it next. */
  prePaging: boolean;
  /**
   * Post-copy: the background push's own rate in bytes per second, 0 for as fast as the link goes
   * (QEMU's max-postcopy-bandwidth). Faults are served at the link's full speed either way.
   */
  pushBandwidthBytesPerSecond: number;
  /** Bounds the whole migration; past it, a pre-copy aborts and a post-copy fails. */
  maximumMigrationMs: number;
}

export interface RoundStats {
  round: number;
  pagesSent: number;
  /** Pages the guest dirtied while this round was being sent (what the next round must send). */
  pagesDirtied: number;
  zeroPagesSkipped: number;
  durationMs: number;
  bandwidthBytesPerSecond: number;
  throttlePercent: number;
}

export interface SourceMigrationResult {
  strategy: StrategyName;
  outcome: 'completed' | 'aborted' | 'failed';
  reason: string;
  rounds: RoundStats[];
  pagesTransferred: number;
  zeroPagesSkipped: number;
  pagesRequested: number;
  bytesTransferred: number;
  returnPathBytes: number;
  startedAtEpochMs: number;
  /** When the source asked the front port to hold requests (the clients' pause begins). */
  holdAtEpochMs: number;
  stateSentAtEpochMs: number;
  completedAtEpochMs: number;
  switchReason: string;
  predictedDowntimeMs: number;
  nonConvergent: boolean;
  maximumThrottlePercent: number;
  /** "ok", or why the destination's memory differs from the source's final memory. */
  integrity: string;
  duplicatePagesAtDestination: number;
}

export type HostRequest =
  | { kind: 'migrate'; options: MigrationOptions }
  /** Destination: open the link to the source's link port. */
  | { kind: 'connect'; port: number }
  | { kind: 'cut-link' }
  | { kind: 'close' };

export type HostReport =
  | { kind: 'ready'; nicPort: number; linkPort: number; urgentPort: number }
  | { kind: 'round'; round: RoundStats }
  | { kind: 'switch-over'; reason: string; predictedDowntimeMs: number; pagesLeft: number }
  | { kind: 'migration-result'; result: SourceMigrationResult }
  | { kind: 'resumed'; atEpochMs: number }
  | { kind: 'destination-complete'; atEpochMs: number }
  | { kind: 'vm-lost'; reason: string }
  | { kind: 'link-lost'; reason: string }
  | { kind: 'host-error'; message: string }
  /** Added by the engine when a host thread ends (killed by a failure injection, or crashed). */
  | { kind: 'host-exited' };
