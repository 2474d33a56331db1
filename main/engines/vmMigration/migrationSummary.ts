// Turns what the hosts, guests and clients measured into one migration's metrics.
import type { HdrHistogram } from '../../measure/hdrHistogram.ts';
import { statSlots } from './guest/guestControl.ts';
import type { GuestReport } from './guest/guestRuntime.ts';
import type { SourceMigrationResult } from './hosts/hostMessages.ts';
import { faultHopBreakdown, createFaultTraceBuffers, type FaultHopBreakdown } from './faultHops.ts';
import type { LatencyMicroseconds, LatencyPercentilePoint, MigrationMetrics, MigrationSpec } from './migrationSpec.ts';
import { recoveryTo90Ms, type ProgressPoint } from './progressRecorder.ts';

export interface SummaryInput {
  spec: MigrationSpec;
  hostResult: SourceMigrationResult | undefined;
  lost: string;
  migrationStartedAt: number;
  /**
   * When the destination host handed the guest its CPU state, and when it had every page (epoch
   * ms, 0 if it did not): both read on that host's thread, one after the other, so their difference
   * is a duration. The guest's own resume time is read on another thread, and the source learns of
   * the last page later still; neither pairs with these.
   */
  destinationHostResumedAt: number;
  destinationHostCompletedAt: number;
  sourceStats: Float64Array;
  destinationStats: Float64Array;
  sourceReport: GuestReport | undefined;
  destinationReport: GuestReport | undefined;
  faultLatency: HdrHistogram;
  /** Post-copy's per-hop breakdown (undefined: no page requests were traced). */
  faultHops: FaultHopBreakdown | undefined;
  clientDowntimeMs: number;
  clientResponse: HdrHistogram | undefined;
  kvIntegrity: string;
  keptRunningAtSource: boolean;
  progressSamples: { atEpochMs: number; rate: number }[];
  /** The guest's operation count every few ms from the migration's start (for the recovery time). */
  progressPoints: ProgressPoint[];
  guestPages: number;
}

function latency(histogram: HdrHistogram | undefined, scale: number): LatencyMicroseconds {
  if (histogram === undefined || histogram.count === 0) return { p50: 0, p99: 0, p999: 0, max: 0 };
  return { p50: histogram.percentile(50) * scale, p99: histogram.percentile(99) * scale, p999: histogram.percentile(99.9) * scale, max: histogram.max * scale };
}

const distributionPercentiles = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99];

/** The distribution by percentile, up to the finest percentile the number of faults resolves. */
function latencyDistribution(name: string, histogram: HdrHistogram): LatencyPercentilePoint[] {
  if (histogram.count === 0) return [];
  const points = distributionPercentiles
    .filter((percentile) => 1 - percentile / 100 >= 1 / histogram.count)
    .map((percentile) => ({ name, percentile, nines: Math.round(-Math.log10(1 - percentile / 100) * 1000) / 1000, latencyUs: histogram.percentile(percentile) }));
  return points;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

export function summarizeMigration(input: SummaryInput): MigrationMetrics {
  const { spec, hostResult } = input;
  const pausedAt = input.sourceStats[statSlots.pausedAtEpochMs]!;
  const resumedAt = input.destinationStats[statSlots.resumedAtEpochMs]!;
  const resumed = resumedAt > 0 && pausedAt > 0;
  const completedAt = hostResult?.completedAtEpochMs ?? 0;
  // The pause and the resume are stamped on the guests' threads, the start and the completion on
  // the source host's: under load the destination guest can wake after the source heard that every
  // page arrived. The migration spans all four stamps, so its total holds its downtime by construction.
  const startedAt = hostResult === undefined ? 0 : pausedAt > 0 ? Math.min(hostResult.startedAtEpochMs, pausedAt) : hostResult.startedAtEpochMs;
  const endedAt = resumed ? Math.max(completedAt, resumedAt) : completedAt;
  let outcome: MigrationMetrics['outcome'] = hostResult?.outcome ?? 'failed';
  let reason = hostResult?.reason ?? '';
  if (input.lost !== '') {
    outcome = 'lost';
    reason = input.lost;
  }
  if (input.destinationReport?.outcome === 'lost') outcome = 'lost';
  if (input.destinationReport?.outcome === 'failed') {
    outcome = 'failed';
    reason = `destination guest failed: ${input.destinationReport.message ?? ''}`;
  }

  const baselineSamples = input.progressSamples.filter((sample) => sample.atEpochMs < input.migrationStartedAt).slice(2);
  const baseline = baselineSamples.length === 0 ? 0 : baselineSamples.reduce((sum, sample) => sum + sample.rate, 0) / baselineSamples.length;
  const recovery = resumed && outcome === 'completed' ? recoveryTo90Ms(input.progressPoints, resumedAt, baseline) : -1;

  let integrity = hostResult?.integrity ?? `not checked: ${reason || 'no result from the source'}`;
  if (integrity === 'ok' && input.kvIntegrity !== 'ok') integrity = `key-value read-back: ${input.kvIntegrity}`;
  if (outcome === 'aborted') {
    integrity = !input.keptRunningAtSource ? 'aborted, but the VM did not keep running at the source' : input.kvIntegrity === 'ok' ? 'ok' : `key-value read-back after abort: ${input.kvIntegrity}`;
  }

  const bytesTransferred = hostResult?.bytesTransferred ?? 0;
  return {
    name: spec.name,
    strategy: spec.strategy,
    workload: spec.workload.kind,
    outcome,
    reason,
    totalTimeMs: round3(completedAt > 0 && hostResult !== undefined ? endedAt - startedAt : 0),
    downtimeMs: round3(resumed && outcome !== 'aborted' ? resumedAt - pausedAt : 0),
    clientDowntimeMs: round3(input.clientDowntimeMs),
    preparationMs: round3(hostResult !== undefined && pausedAt > 0 ? pausedAt - startedAt : 0),
    resumeMs: round3(resumed && input.destinationHostResumedAt > 0 && input.destinationHostCompletedAt > 0 ? input.destinationHostCompletedAt - input.destinationHostResumedAt : 0),
    predictedDowntimeMs: round3(hostResult?.predictedDowntimeMs ?? 0),
    switchReason: hostResult?.switchReason ?? '',
    nonConvergent: hostResult?.nonConvergent ?? false,
    maximumThrottlePercent: hostResult?.maximumThrottlePercent ?? 0,
    rounds: hostResult?.rounds.length ?? 0,
    roundStats: (hostResult?.rounds ?? []).map((round) => ({ ...round, durationMs: round3(round.durationMs), bandwidthBytesPerSecond: Math.round(round.bandwidthBytesPerSecond) })),
    guestPages: input.guestPages,
    pagesTransferred: hostResult?.pagesTransferred ?? 0,
    bytesTransferred,
    returnPathBytes: hostResult?.returnPathBytes ?? 0,
    transferredOverMemory: round3(bytesTransferred / (input.guestPages * spec.pageSize)),
    zeroPagesSkipped: hostResult?.zeroPagesSkipped ?? 0,
    networkFaults: hostResult?.pagesRequested ?? 0,
    faultsOnPagesInFlight: Math.max(0, (input.destinationReport?.networkFaults ?? input.destinationStats[statSlots.networkFaults]!) - (hostResult?.pagesRequested ?? 0)),
    pagesPushed: hostResult === undefined || !['post-copy', 'hybrid'].includes(spec.strategy) ? 0 : hostResult.pagesTransferred - hostResult.pagesRequested - hostResult.rounds.reduce((sum, round) => sum + round.pagesSent, 0),
    duplicatePages: hostResult?.duplicatePagesAtDestination ?? 0,
    faultLatencyUs: latency(input.faultLatency, 1),
    faultLatencyDistribution: latencyDistribution(spec.name, input.faultLatency),
    faultHops: input.faultHops ?? faultHopBreakdown(createFaultTraceBuffers(0)),
    faultBlocktimeMs: round3(input.destinationStats[statSlots.faultWaitMs]!),
    clientResponseMs: latency(input.clientResponse, 0.001),
    baselineOperationsPerSecond: Math.round(baseline),
    recoveryTo90Ms: round3(recovery),
    keptRunningAtSource: input.keptRunningAtSource,
    integrity,
    integrityOk: integrity === 'ok' ? 1 : 0,
  };
}
