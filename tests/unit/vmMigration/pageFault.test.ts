import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createGuestControlBuffers, GuestControl, runStates, statSlots } from '../../../main/engines/vmMigration/guest/guestControl.ts';
import { createGuestMemoryBuffers, pagePresent } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import type { GuestReport, GuestThreadOptions } from '../../../main/engines/vmMigration/guest/guestRuntime.ts';
import { initialCpuState } from '../../../main/engines/vmMigration/guest/guestWorkload.ts';
import { entryModulePath } from '../../../main/platform/moduleEntry.ts';

describe('a real page fault', () => {
  it('blocks the guest thread on a missing page until this thread copies it in', async () => {
    const pageSize = 4096;
    const memory = createGuestMemoryBuffers(64 * pageSize, pageSize, false);
    const buffers = createGuestControlBuffers();
    const control = new GuestControl(buffers);
    const workload = { kind: 'scanner', workingSetBytes: 0, dirtyPagesPerSecond: 0, pattern: 'sequential', fillFraction: 1, keyCount: 1 } as const;
    const options: GuestThreadOptions = { role: 'destination', memory, control: buffers, workload, seed: 1, maximumFaultWaitMs: 10_000, maximumLifetimeMs: 20_000 };
    const guest = new Worker(entryModulePath('vmMigrationGuest'), { workerData: options });
    const report = new Promise<GuestReport>((resolve) => guest.once('message', resolve));
    try {
      control.loadStateBytes(new TextEncoder().encode(JSON.stringify(initialCpuState(workload, 1))));
      control.setRunState(runStates.running);
      const bytes = new Uint8Array(memory.data);
      const pageTable = new Int32Array(memory.pageTable);
      // Serve faults one at a time, slowly: the guest must not get past a page before it is here.
      let seen = 0;
      const served: number[] = [];
      for (let attempt = 0; attempt < 2000 && served.length < 64; attempt += 1) {
        const { pages, sequence } = control.pageRequestsSince(seen);
        seen = sequence;
        for (const page of pages) {
          expect(control.stats[statSlots.operations]).toBeLessThanOrEqual(page);
          await new Promise((resolve) => setTimeout(resolve, 2));
          bytes.fill(page + 1, page * pageSize, (page + 1) * pageSize);
          Atomics.store(pageTable, page, pagePresent);
          Atomics.notify(pageTable, page);
          served.push(page);
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(served).toEqual(Array.from({ length: 64 }, (_unused, page) => page));
      control.setRunState(runStates.exitRequested);
      const finished = await report;
      expect(finished.outcome).toBe('exited');
      expect(finished.networkFaults).toBe(64);
      expect(finished.faultLatency.totalCount).toBe(64);
      expect(finished.faultLatency.minimum).toBeGreaterThanOrEqual(1000); // each waited the 2 ms this test took
    } finally {
      await guest.terminate();
    }
  });
});
