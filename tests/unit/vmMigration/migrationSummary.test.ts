import { describe, expect, it } from 'vitest';
import { statSlots } from '../../../main/engines/vmMigration/guest/guestControl.ts';
import type { SourceMigrationResult } from '../../../main/engines/vmMigration/hosts/hostMessages.ts';
import { HdrHistogram } from '../../../main/measure/hdrHistogram.ts';
import { summarizeMigration, type SummaryInput } from '../../../main/engines/vmMigration/migrationSummary.ts';
import { testSpec } from '../../integration/vmMigration/sessionSpec.ts';
import { durationCount, negativeDurations } from '../../support/durationMetrics.ts';

const t0 = 1_800_000_000_000;

function hostResult(overrides: Partial<SourceMigrationResult>): SourceMigrationResult {
  return {
    strategy: 'stop-copy',
    outcome: 'completed',
    reason: '',
    rounds: [{ round: 1, pagesSent: 4096, pagesDirtied: 0, zeroPagesSkipped: 0, durationMs: 40, bandwidthBytesPerSecond: 4e8, throttlePercent: 0 }],
    pagesTransferred: 4096,
    zeroPagesSkipped: 0,
    pagesRequested: 0,
    bytesTransferred: 4096 * 4100,
    returnPathBytes: 100,
    startedAtEpochMs: t0,
    holdAtEpochMs: t0 + 1,
    stateSentAtEpochMs: t0 + 45,
    completedAtEpochMs: t0 + 45.4,
    switchReason: 'stop-and-copy',
    predictedDowntimeMs: 0,
    nonConvergent: false,
    maximumThrottlePercent: 0,
    integrity: 'ok',
    duplicatePagesAtDestination: 0,
    ...overrides,
  };
}

function stats(values: Partial<Record<keyof typeof statSlots, number>>): Float64Array {
  const array = new Float64Array(8);
  for (const [slot, value] of Object.entries(values)) array[statSlots[slot as keyof typeof statSlots]] = value;
  return array;
}

function input(overrides: Partial<SummaryInput>): SummaryInput {
  return {
    spec: testSpec('stop-copy'),
    hostResult: hostResult({}),
    lost: '',
    migrationStartedAt: t0,
    destinationHostResumedAt: t0 + 45.1,
    destinationHostCompletedAt: t0 + 45.2,
    sourceStats: stats({ pausedAtEpochMs: t0 + 2 }),
    // The destination guest thread woke 1.25 ms after its host resumed it: later than the source
    // heard that every page had arrived.
    destinationStats: stats({ resumedAtEpochMs: t0 + 46.35 }),
    sourceReport: undefined,
    destinationReport: undefined,
    faultLatency: new HdrHistogram(),
    faultHops: undefined,
    clientDowntimeMs: 0,
    clientResponse: undefined,
    kvIntegrity: 'ok',
    keptRunningAtSource: false,
    progressSamples: [],
    progressPoints: [],
    guestPages: 4096,
    ...overrides,
  };
}

describe('a migration’s summary', () => {
  it('times the resume on the destination host’s own clock, not against a guest thread that woke late', () => {
    const metrics = summarizeMigration(input({}));
    expect(metrics.resumeMs).toBeCloseTo(0.1, 3);
    expect(metrics.downtimeMs).toBeCloseTo(44.35, 3);
    expect(negativeDurations(metrics)).toEqual([]);
  });

  it('gives post-copy’s resume as the time from the resume until the last page arrived', () => {
    const metrics = summarizeMigration(
      input({
        spec: testSpec('post-copy'),
        hostResult: hostResult({ strategy: 'post-copy', rounds: [], completedAtEpochMs: t0 + 250 }),
        destinationHostResumedAt: t0 + 3,
        destinationHostCompletedAt: t0 + 249.5,
        destinationStats: stats({ resumedAtEpochMs: t0 + 3.2 }),
      }),
    );
    expect(metrics.resumeMs).toBeCloseTo(246.5, 3);
    expect(negativeDurations(metrics)).toEqual([]);
    expect(durationCount(metrics)).toBeGreaterThan(10);
  });

  it('gives a total that holds the downtime when the destination guest wakes after the source heard every page', () => {
    // Under load: the source heard of the last page at +45.4 ms, the destination guest ran at +60 ms.
    const late = summarizeMigration(input({ destinationStats: stats({ resumedAtEpochMs: t0 + 60 }) }));
    expect(late.downtimeMs).toBeCloseTo(58, 3);
    expect(late.totalTimeMs).toBeCloseTo(60, 3);
    expect(late.totalTimeMs).toBeGreaterThanOrEqual(late.downtimeMs);
    expect(late.totalTimeMs).toBeGreaterThanOrEqual(late.preparationMs + late.downtimeMs);
    // Stamps on other threads may even precede the source's start by a clock's skew.
    const early = summarizeMigration(input({ sourceStats: stats({ pausedAtEpochMs: t0 - 0.2 }), destinationStats: stats({ resumedAtEpochMs: t0 + 70 }) }));
    expect(early.totalTimeMs).toBeGreaterThanOrEqual(early.downtimeMs);
    expect(negativeDurations(early)).toEqual([]);
  });

  it('keeps the source host’s completion as the end when the guest resumed before it', () => {
    const metrics = summarizeMigration(input({ destinationStats: stats({ resumedAtEpochMs: t0 + 44 }) }));
    expect(metrics.totalTimeMs).toBeCloseTo(45.4, 3);
    expect(metrics.downtimeMs).toBeCloseTo(42, 3);
  });

  it('has no resume time when the destination never had every page', () => {
    const metrics = summarizeMigration(input({ destinationHostCompletedAt: 0 }));
    expect(metrics.resumeMs).toBe(0);
  });
});

describe('the duration check used by the migration tests', () => {
  it('finds a negative duration anywhere, and lets recoveryTo90Ms say "not within the run"', () => {
    expect(negativeDurations({ a: { resumeMs: -0.5 }, roundStats: [{ durationMs: 1 }, { durationMs: -2 }], recoveryTo90Ms: -1, faultLatencyUs: { p50: -3 }, rounds: -1 })).toEqual([
      'a.resumeMs = -0.5',
      'roundStats.1.durationMs = -2',
      'faultLatencyUs.p50 = -3',
    ]);
  });
});
