import { describe, expect, it } from 'vitest';
import { runMigrationSession } from '../../../main/engines/vmMigration/migrationSession.ts';
import type { MigrationMetrics } from '../../../main/engines/vmMigration/migrationSpec.ts';
import type { StrategyName } from '../../../main/engines/vmMigration/hosts/hostMessages.ts';
import { recordingHooks, testSpec } from './sessionSpec.ts';
import { durationCount, negativeDurations } from '../../support/durationMetrics.ts';

async function migrate(...args: Parameters<typeof testSpec>): Promise<{ metrics: MigrationMetrics; recorded: ReturnType<typeof recordingHooks> }> {
  const recorded = recordingHooks();
  try {
    return { metrics: await runMigrationSession(testSpec(...args), recorded.hooks), recorded };
  } finally {
    await recorded.releaseAll();
  }
}

const strategies: StrategyName[] = ['stop-copy', 'pre-copy', 'post-copy', 'hybrid'];

describe('live migration of a write-heavy guest', () => {
  for (const strategy of strategies) {
    it(`${strategy}: completes with the destination's memory equal to the source's final memory`, async () => {
      const { metrics, recorded } = await migrate(strategy, { kind: 'writer', pattern: 'uniform' });
      expect(metrics.outcome, metrics.reason).toBe('completed');
      expect(metrics.integrity).toBe('ok');
      expect(metrics.duplicatePages).toBe(0);
      // Every duration is one clock's difference between two moments in order: never below zero.
      expect(negativeDurations(metrics)).toEqual([]);
      expect(durationCount(metrics)).toBeGreaterThan(10);
      expect(metrics.downtimeMs).toBeGreaterThan(0);
      expect(metrics.totalTimeMs).toBeGreaterThanOrEqual(metrics.downtimeMs);
      expect(metrics.guestPages).toBe(4096);
      expect(metrics.bytesTransferred).toBeGreaterThan(0);
      expect(recorded.samples.some((sample) => sample.values.guestOperationsPerSecond! > 0)).toBe(true);
      if (strategy === 'post-copy') {
        // Every page exactly once, whichever of a fault or the background push came first.
        expect(metrics.pagesTransferred).toBe(metrics.guestPages);
        expect(metrics.rounds).toBe(0);
      }
      if (strategy === 'pre-copy') {
        expect(metrics.rounds).toBeGreaterThanOrEqual(2);
        expect(metrics.roundStats[0]!.pagesSent).toBe(4096);
        expect(metrics.switchReason).not.toBe('');
        expect(metrics.pagesTransferred).toBeGreaterThan(metrics.guestPages);
      }
      if (strategy === 'hybrid') {
        expect(metrics.rounds).toBe(1);
        expect(metrics.pagesTransferred).toBe(metrics.guestPages + metrics.roundStats[0]!.pagesDirtied);
      }
    });
  }

  it('pre-copy detects a guest that dirties pages faster than rounds shrink', async () => {
    const { metrics } = await migrate('pre-copy', { kind: 'writer', pattern: 'uniform', workingSetBytes: 8 * 1024 * 1024 }, {});
    expect(metrics.outcome).toBe('completed');
    expect(metrics.integrity).toBe('ok');
    expect(metrics.rounds).toBeLessThanOrEqual(8);
    expect(metrics.nonConvergent || metrics.switchReason.startsWith('converged') || metrics.switchReason.startsWith('maximum')).toBe(true);
  });

  it('auto-converge throttles the guest when rounds stop shrinking', async () => {
    const spec = testSpec('pre-copy', { kind: 'writer', pattern: 'uniform', workingSetBytes: 8 * 1024 * 1024 });
    const recorded = recordingHooks();
    try {
      const metrics = await runMigrationSession({ ...spec, strategyOptions: { ...spec.strategyOptions, autoConverge: true, downtimeLimitMs: 0.01, maximumRounds: 12 } }, recorded.hooks);
      expect(metrics.outcome).toBe('completed');
      expect(metrics.integrity).toBe('ok');
      expect(metrics.maximumThrottlePercent).toBeGreaterThan(0);
      expect(metrics.roundStats.some((round) => round.throttlePercent > 0)).toBe(true);
    } finally {
      await recorded.releaseAll();
    }
  });

  it('post-copy on a sequential reader: pre-paging pushes pages ahead of the faults', async () => {
    const { metrics } = await migrate('post-copy', { kind: 'scanner' });
    expect(metrics.integrity).toBe('ok');
    expect(metrics.pagesTransferred).toBe(metrics.guestPages);
    expect(metrics.pagesPushed).toBeGreaterThan(0);
    expect(metrics.networkFaults).toBeLessThan(metrics.guestPages / 2);
  });

  it('post-copy with a capped push: the push keeps to the cap, faults still go at once', async () => {
    // 16 MiB of random pages at 64 MB/s take about 260 ms to push; uncapped, loopback takes a few tens.
    const spec = testSpec('post-copy', { kind: 'writer', pattern: 'uniform', workingSetBytes: 16 * 1024 * 1024 });
    const recorded = recordingHooks();
    try {
      const metrics = await runMigrationSession({ ...spec, strategyOptions: { ...spec.strategyOptions, pushBandwidthBytesPerSecond: 64e6 } }, recorded.hooks);
      expect(metrics.outcome, metrics.reason).toBe('completed');
      expect(metrics.integrity).toBe('ok');
      expect(metrics.pagesTransferred).toBe(metrics.guestPages);
      const pushedBytes = metrics.pagesPushed * 4096;
      expect(metrics.resumeMs).toBeGreaterThanOrEqual((pushedBytes / 64e6) * 1000 * 0.9);
      expect(metrics.networkFaults).toBeGreaterThan(0);
      // Faults are answered at link speed, not at the push's pace: behind the push, a fault would wait
      // for batches of 64 pages that take 4 ms each at the cap.
      expect(metrics.faultLatencyUs.p50).toBeLessThan(2_000);
      // Blocktime: the guest's waits on faults, summed; each network fault is a wait of some µs at least.
      expect(metrics.faultBlocktimeMs).toBeGreaterThanOrEqual((metrics.networkFaults * 5) / 1000);
      expect(metrics.faultBlocktimeMs).toBeLessThan(metrics.resumeMs + spec.afterMs);
    } finally {
      await recorded.releaseAll();
    }
  });

  it('a read-mostly guest gets its speed back at once after pre-copy, after post-copy only once its pages are in', async () => {
    // 16 MiB over 100 Mbit: post-copy's pages take about 1.3 s to arrive, and the scanner needs them all.
    const shape = { bandwidthBytesPerSecond: 12.5e6, latencyMs: 0 };
    const pre = await migrate('pre-copy', { kind: 'scanner', pattern: 'sequential' }, { shape });
    const post = await migrate('post-copy', { kind: 'scanner', pattern: 'sequential' }, { shape });
    expect(pre.metrics.integrity).toBe('ok');
    expect(post.metrics.integrity).toBe('ok');
    expect(pre.metrics.recoveryTo90Ms).toBeGreaterThanOrEqual(0);
    expect(pre.metrics.recoveryTo90Ms).toBeLessThan(250);
    expect(post.metrics.recoveryTo90Ms).toBeGreaterThan(600);
  });

  it('skips zero pages, sending their numbers only', async () => {
    const { metrics } = await migrate('stop-copy', { kind: 'idle', fillFraction: 0.25 });
    expect(metrics.integrity).toBe('ok');
    expect(metrics.zeroPagesSkipped).toBe(3072);
    expect(metrics.transferredOverMemory).toBeLessThan(0.3);
  });
});

describe('live migration of a key-value server answering real clients', () => {
  for (const strategy of strategies) {
    it(`${strategy}: clients keep their connections and read back every value they wrote`, async () => {
      const { metrics, recorded } = await migrate(strategy, { kind: 'kv-server', keyCount: 2000 });
      expect(metrics.outcome, metrics.reason).toBe('completed');
      expect(metrics.integrity).toBe('ok');
      expect(negativeDurations(metrics)).toEqual([]);
      expect(metrics.clientResponseMs.max).toBeGreaterThan(0);
      expect(metrics.clientDowntimeMs).toBeGreaterThan(0);
      expect(recorded.samples.some((sample) => sample.values.responseTimeMaxMs !== undefined)).toBe(true);
      if (strategy === 'post-copy') expect(metrics.pagesTransferred).toBe(metrics.guestPages);
    });
  }
});
