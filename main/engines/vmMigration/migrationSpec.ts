// What one migration needs (from a scenario or the CLI) and what it measured.
import type { FaultHopBreakdown } from './faultHops.ts';
import type { WorkloadOptions } from './guest/guestWorkload.ts';
import type { MigrationOptions, RoundStats, StrategyName } from './hosts/hostMessages.ts';
import type { LinkShape } from './link/linkSender.ts';

export const failureKinds = ['none', 'cut-link', 'kill-destination', 'kill-source'] as const;
export type FailureKind = (typeof failureKinds)[number];

export interface MigrationSpec {
  /** Label in plots and results. */
  name: string;
  strategy: StrategyName;
  memoryBytes: number;
  pageSize: number;
  workload: WorkloadOptions;
  shape: LinkShape;
  strategyOptions: Omit<MigrationOptions, 'strategy' | 'destinationPort' | 'shape'>;
  /** How long the guest runs before the migration starts (the baseline) and after it ends. */
  warmupMs: number;
  afterMs: number;
  clients: { connections: number; requestsPerSecond: number; writeFraction: number };
  /** Failure injected this long after the migration starts. */
  failure: FailureKind;
  failureAfterMs: number;
  seed: number;
}

export interface LatencyMicroseconds {
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** One point of a latency distribution: `nines` = -log10(1 - percentile/100), so 1 is the p90, 2 the p99, 3 the p99.9. */
export interface LatencyPercentilePoint {
  name: string;
  percentile: number;
  nines: number;
  latencyUs: number;
}

export interface MigrationMetrics {
  name: string;
  strategy: StrategyName;
  workload: string;
  /** completed; aborted (VM still at the source, nothing lost); lost (VM gone); failed. */
  outcome: 'completed' | 'aborted' | 'lost' | 'failed';
  reason: string;
  totalTimeMs: number;
  /** Guest-seen: from its last instruction at the source to its first at the destination. */
  downtimeMs: number;
  /** Client-seen: the longest time without any answer while requests were due (key-value guest). */
  clientDowntimeMs: number;
  /** From the migration's start until the guest stopped at the source. */
  preparationMs: number;
  /** From the destination host handing the guest its CPU state until it had every page (post-copy's tail). */
  resumeMs: number;
  /** Pre-copy's downtime model (downtimeModel.ts) once the guest has stopped, with the exact pages left. */
  predictedDowntimeMs: number;
  switchReason: string;
  nonConvergent: boolean;
  maximumThrottlePercent: number;
  rounds: number;
  roundStats: RoundStats[];
  guestPages: number;
  pagesTransferred: number;
  bytesTransferred: number;
  returnPathBytes: number;
  transferredOverMemory: number;
  zeroPagesSkipped: number;
  /** Post-copy: faults that needed a page request to the source (pages it had not sent yet)... */
  networkFaults: number;
  /** ...faults on pages the background push had already sent (the guest waited for them to land)... */
  faultsOnPagesInFlight: number;
  /** ...and pages pushed in the background (pre-paging), most of them present before they were needed. */
  pagesPushed: number;
  duplicatePages: number;
  faultLatencyUs: LatencyMicroseconds;
  /** The whole fault latency distribution, by percentile (what the tail looks like, not only its median). */
  faultLatencyDistribution: LatencyPercentilePoint[];
  /** Post-copy: where the time of its page requests goes, hop by hop, for the median and the slowest (p99) faults. */
  faultHops: FaultHopBreakdown;
  /** Post-copy "blocktime" (as QEMU reports it): the time the guest spent blocked on page faults, in all. */
  faultBlocktimeMs: number;
  clientResponseMs: LatencyMicroseconds;
  baselineOperationsPerSecond: number;
  /**
   * From resume until the guest's progress is back to 90% of its baseline rate: the start of the
   * first 20 ms window (longer for a slow guest: 50 operations) that reaches it (-1: not within the run).
   */
  recoveryTo90Ms: number;
  /** Aborted migrations: whether the guest was still running (and progressing) at the source afterwards. */
  keptRunningAtSource: boolean;
  /** "ok", or the reason it failed; for an aborted migration, "ok" means the VM kept running at the source with its data intact. */
  integrity: string;
  /** 1 when integrity is "ok", else 0 (for lab checks, which compare numbers). */
  integrityOk: number;
}
