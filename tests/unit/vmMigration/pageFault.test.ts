import { createServer, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createGuestControlBuffers, GuestControl, runStates, statSlots } from '../../../main/engines/vmMigration/guest/guestControl.ts';
import { createGuestMemoryBuffers, pagePresent } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import type { GuestReport, GuestThreadOptions } from '../../../main/engines/vmMigration/guest/guestRuntime.ts';
import { initialCpuState } from '../../../main/engines/vmMigration/guest/guestWorkload.ts';
import { FrameReader, frameTypes, pageServerRoles, readIndexList } from '../../../main/engines/vmMigration/link/linkFrames.ts';
import { entryModulePath } from '../../../main/platform/moduleEntry.ts';

describe('a real page fault', () => {
  it('blocks the guest thread on a missing page, asks for it on its own TCP line, and waits until it is copied in', async () => {
    const pageSize = 4096;
    const memory = createGuestMemoryBuffers(64 * pageSize, pageSize, false);
    const buffers = createGuestControlBuffers();
    const control = new GuestControl(buffers);
    const bytes = new Uint8Array(memory.data);
    const pageTable = new Int32Array(memory.pageTable);
    // This test is the source's page server: it reads the guest's requests and serves each slowly.
    const requested: number[] = [];
    const roles: number[] = [];
    let requestSocket: Socket | undefined;
    const server = createServer((socket) => {
      requestSocket = socket;
      const reader = new FrameReader((type, payload) => {
        if (type === frameTypes.hello) roles.push(payload.readUInt32LE(0));
        if (type !== frameTypes.pageRequest) return;
        for (const page of readIndexList(payload)) {
          // The guest must not get past a page before it is here.
          expect(control.stats[statSlots.operations]).toBeLessThanOrEqual(page);
          requested.push(page);
          setTimeout(() => {
            bytes.fill(page + 1, page * pageSize, (page + 1) * pageSize);
            Atomics.store(pageTable, page, pagePresent);
            Atomics.notify(pageTable, page);
          }, 2);
        }
      });
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
    });
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    const workload = { kind: 'scanner', workingSetBytes: 0, dirtyPagesPerSecond: 0, pattern: 'sequential', fillFraction: 1, keyCount: 1 } as const;
    const options: GuestThreadOptions = { role: 'destination', memory, control: buffers, workload, seed: 1, maximumFaultWaitMs: 10_000, maximumLifetimeMs: 20_000, pageRequestPort: port };
    const guest = new Worker(entryModulePath('vmMigrationGuest'), { workerData: options });
    const report = new Promise<GuestReport>((resolve) => guest.once('message', resolve));
    try {
      control.loadStateBytes(new TextEncoder().encode(JSON.stringify(initialCpuState(workload, 1))));
      control.setRunState(runStates.running);
      for (let waited = 0; waited < 5_000 && requested.length < 64; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(requested).toEqual(Array.from({ length: 64 }, (_unused, page) => page));
      expect(roles).toEqual([pageServerRoles.requester]);
      control.setRunState(runStates.exitRequested);
      const finished = await report;
      expect(finished.outcome).toBe('exited');
      expect(finished.networkFaults).toBe(64);
      expect(finished.faultLatency.totalCount).toBe(64);
      expect(finished.faultLatency.minimum).toBeGreaterThanOrEqual(1000); // each waited the 2 ms this test took
      // The scanner read what this "source" sent: the pages' contents are the served bytes.
      expect(bytes[5 * pageSize]).toBe(6);
    } finally {
      await guest.terminate();
      requestSocket?.destroy();
      server.close();
    }
  });

  it('fails the guest with a clear message when the page server cannot be reached', async () => {
    const pageSize = 4096;
    const memory = createGuestMemoryBuffers(4 * pageSize, pageSize, false);
    const buffers = createGuestControlBuffers();
    const closed = createServer();
    const port = await new Promise<number>((resolve) => closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port)));
    await new Promise((resolve) => closed.close(resolve));
    const workload = { kind: 'idle', workingSetBytes: 0, dirtyPagesPerSecond: 0, pattern: 'sequential', fillFraction: 1, keyCount: 1 } as const;
    const options: GuestThreadOptions = { role: 'destination', memory, control: buffers, workload, seed: 1, maximumFaultWaitMs: 1_000, maximumLifetimeMs: 5_000, pageRequestPort: port };
    const guest = new Worker(entryModulePath('vmMigrationGuest'), { workerData: options });
    try {
      const finished = await new Promise<GuestReport>((resolve) => guest.once('message', resolve));
      expect(finished.outcome).toBe('failed');
      expect(finished.message).toMatch(new RegExp(`cannot reach the source's page server on port ${port}`));
    } finally {
      await guest.terminate();
    }
  });
});
