import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createGuestControlBuffers, GuestControl, runStates } from '../../../main/engines/vmMigration/guest/guestControl.ts';
import { createGuestMemoryBuffers } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import type { GuestThreadOptions } from '../../../main/engines/vmMigration/guest/guestRuntime.ts';
import { linkBandwidth, measureFixedCostMs, predictDowntimeMs } from '../../../main/engines/vmMigration/hosts/downtimeModel.ts';
import type { RoundStats } from '../../../main/engines/vmMigration/hosts/hostMessages.ts';
import { entryModulePath } from '../../../main/platform/moduleEntry.ts';

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

  it('counts every probe\'s one-way message and the wake-up of each round\'s first probe, averaged so far', async () => {
    const samples = { oneWayMessageMs: [] as number[], coldWakeRoundTripMs: [] as number[] };
    // Each round: a first probe that wakes a sleeping guest (1 ms), then warm ones (0.2 ms).
    let next = 0;
    const probe = async () => (next++ % 8 === 0 ? { roundTripMs: 3, guestWakeRoundTripMs: 1 } : { roundTripMs: 1, guestWakeRoundTripMs: 0.2 });
    const first = await measureFixedCostMs(probe, samples);
    expect(samples.oneWayMessageMs).toHaveLength(8);
    expect(samples.coldWakeRoundTripMs).toEqual([1]);
    // One-way: (3 - 1) / 2 = 1 once and (1 - 0.2) / 2 = 0.4 seven times; plus the cold wake-up.
    expect(first).toBeCloseTo((1 + 7 * 0.4) / 8 + 1, 6);
    await measureFixedCostMs(probe, samples);
    expect(samples.coldWakeRoundTripMs).toEqual([1, 1]);
  });
});

describe('the wake-up probe', () => {
  it('is answered by a real guest thread blocked waiting for its CPU state, which stays waiting', async () => {
    const memory = createGuestMemoryBuffers(16 * 4096, 4096, false);
    const buffers = createGuestControlBuffers();
    const control = new GuestControl(buffers);
    const workload = { kind: 'idle', workingSetBytes: 0, dirtyPagesPerSecond: 0, pattern: 'uniform', fillFraction: 1, keyCount: 1 } as const;
    const options: GuestThreadOptions = { role: 'destination', memory, control: buffers, workload, seed: 1, maximumFaultWaitMs: 1_000, maximumLifetimeMs: 10_000 };
    const guest = new Worker(entryModulePath('vmMigrationGuest'), { workerData: options });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let probe = 0; probe < 3; probe += 1) {
        const roundTripMs = control.wakeProbeRoundTripMs(1_000);
        expect(roundTripMs).toBeLessThan(1_000);
      }
      expect(control.runState).toBe(runStates.waiting);
    } finally {
      control.setRunState(runStates.exitRequested);
      await guest.terminate();
    }
  });
});
