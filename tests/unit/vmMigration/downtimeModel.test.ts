import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createGuestControlBuffers, epochMs, GuestControl, runStates } from '../../../main/engines/vmMigration/guest/guestControl.ts';
import { createGuestMemoryBuffers } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import type { GuestThreadOptions } from '../../../main/engines/vmMigration/guest/guestRuntime.ts';
import { emptyFixedCostSamples, fixedCostMs, linkBandwidth, measureFixedCostMs, predictDowntimeMs } from '../../../main/engines/vmMigration/hosts/downtimeModel.ts';
import type { RoundStats } from '../../../main/engines/vmMigration/hosts/hostMessages.ts';
import { entryModulePath } from '../../../main/platform/moduleEntry.ts';
import { vmMigrationEntryModules } from '../../../main/engines/vmMigration/vmMigrationEntryModules.ts';

const round = (pagesSent: number, bandwidthBytesPerSecond: number): RoundStats => ({ round: 1, pagesSent, pagesDirtied: 0, zeroPagesSkipped: 0, durationMs: 1, bandwidthBytesPerSecond, throttlePercent: 0 });

describe('the pre-copy downtime model', () => {
  it('takes the bandwidth from the largest round, where the fixed cost does not hide it', () => {
    expect(linkBandwidth([round(16_384, 120e6), round(300, 40e6), round(50, 10e6)])).toBe(120e6);
    expect(linkBandwidth([])).toBe(0);
  });

  it('adds the bytes left at the measured bandwidth to the measured fixed cost', () => {
    const costs = { linkBandwidthBytesPerSecond: 125e6, fixedMs: 0.5 };
    const none = predictDowntimeMs(0, 4096, 0, costs);
    const hundred = predictDowntimeMs(100, 4096, 0, costs);
    // 100 pages and their index entries at 125 MB/s, on top of the same fixed cost.
    expect(hundred - none).toBeCloseTo((100 * 4100 * 1000) / 125e6 + (2 * 12 * 1000) / 125e6, 6);
    expect(none).toBeGreaterThanOrEqual(0.5);
    expect(predictDowntimeMs(100, 4096, 0, { linkBandwidthBytesPerSecond: 0, fixedMs: 0.5 })).toBe(0.5);
  });

  it('adds the means of the pause notice, the source\'s work and the trip to the woken guest, over the rounds', async () => {
    const samples = emptyFixedCostSamples();
    // Round 1: notices of 0.3 ms, trips of 1 ms; round 2: notices of 0.5 ms, trips of 2 ms, one unanswered.
    let notice = 0.3;
    let trips = [1, 1, 1, 1];
    const probes = { pauseNotice: () => notice, toGuest: async () => ({ roundTripMs: 0, toWokenGuestMs: trips.shift() }) };
    const first = await measureFixedCostMs(probes, 0.2, samples);
    expect(first).toBeCloseTo(0.3 + 0.2 + 1, 6);
    notice = 0.5;
    trips = [2, 2, 2];
    const second = await measureFixedCostMs(probes, 0.4, samples);
    expect(samples.pauseNoticeMs).toHaveLength(8);
    expect(samples.toWokenGuestMs).toEqual([1, 1, 1, 1, 2, 2, 2]);
    expect(second).toBeCloseTo(0.4 + 0.3 + 10 / 7, 6);
    expect(fixedCostMs(samples)).toBe(second);
  });

  it('leaves out a pause notice the guest did not answer', async () => {
    const samples = emptyFixedCostSamples();
    await measureFixedCostMs({ pauseNotice: () => -1, toGuest: async () => ({ roundTripMs: 0, toWokenGuestMs: 1 }) }, 0, samples);
    expect(samples.pauseNoticeMs).toEqual([]);
  });
});

describe('the wake-up probe', () => {
  it('is answered by a real guest thread blocked waiting for its CPU state, which stays waiting', async () => {
    const memory = createGuestMemoryBuffers(16 * 4096, 4096, false);
    const buffers = createGuestControlBuffers();
    const control = new GuestControl(buffers);
    const workload = { kind: 'idle', workingSetBytes: 0, dirtyPagesPerSecond: 0, pattern: 'uniform', fillFraction: 1, keyCount: 1 } as const;
    const options: GuestThreadOptions = { role: 'destination', memory, control: buffers, workload, seed: 1, maximumFaultWaitMs: 1_000, maximumLifetimeMs: 10_000 };
    const guest = new Worker(entryModulePath(vmMigrationEntryModules.guest), { workerData: options });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let probe = 0; probe < 3; probe += 1) {
        const before = epochMs();
        const wokeAt = control.wakeProbe(1_000);
        // The guest's own clock of its answer: after the probe began, and not after this thread saw it.
        expect(wokeAt).toBeGreaterThanOrEqual(before);
        expect(wokeAt).toBeLessThanOrEqual(epochMs());
      }
      expect(control.runState).toBe(runStates.waiting);
    } finally {
      control.setRunState(runStates.exitRequested);
      await guest.terminate();
    }
  });
});

describe('the pause-notice probe', () => {
  it('is answered by a real running guest between steps, which keeps running', async () => {
    const memory = createGuestMemoryBuffers(64 * 4096, 4096, true);
    const buffers = createGuestControlBuffers();
    const control = new GuestControl(buffers);
    const workload = { kind: 'writer', workingSetBytes: 64 * 4096, dirtyPagesPerSecond: 0, pattern: 'uniform', fillFraction: 1, keyCount: 1 } as const;
    const options: GuestThreadOptions = { role: 'source', memory, control: buffers, workload, seed: 1, maximumFaultWaitMs: 1_000, maximumLifetimeMs: 10_000 };
    const guest = new Worker(entryModulePath(vmMigrationEntryModules.guest), { workerData: options });
    try {
      for (let waited = 0; waited < 5_000 && control.runState !== runStates.running; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      for (let probe = 0; probe < 3; probe += 1) {
        const noticeMs = control.pauseNoticeProbe(1_000);
        expect(noticeMs).toBeGreaterThanOrEqual(0);
        expect(noticeMs).toBeLessThan(1_000);
      }
      expect(control.runState).toBe(runStates.running);
      // No guest: nobody answers, and the probe says so instead of waiting for ever.
      const alone = new GuestControl(createGuestControlBuffers());
      expect(alone.pauseNoticeProbe(20)).toBe(-1);
    } finally {
      control.setRunState(runStates.exitRequested);
      await guest.terminate();
    }
  });
});
