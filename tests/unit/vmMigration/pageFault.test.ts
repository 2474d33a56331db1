import { createServer, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createGuestControlBuffers, GuestControl, runStates, statSlots } from '../../../main/engines/vmMigration/guest/guestControl.ts';
import { createGuestMemoryBuffers, pageChecksum, pagePresent } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import type { GuestReport, GuestThreadOptions } from '../../../main/engines/vmMigration/guest/guestRuntime.ts';
import { initialCpuState } from '../../../main/engines/vmMigration/guest/guestWorkload.ts';
import { createInstallerBuffers, PageInstaller } from '../../../main/engines/vmMigration/hosts/pageInstaller.ts';
import { frame, FrameReader, frameTypes, pageServerRoles, readIndexList, singlePageFrame } from '../../../main/engines/vmMigration/link/linkFrames.ts';
import { entryModulePath } from '../../../main/platform/moduleEntry.ts';
import { vmMigrationEntryModules } from '../../../main/engines/vmMigration/vmMigrationEntryModules.ts';

describe('a real page fault', () => {
  it('blocks the guest thread on a missing page, asks for it on its own TCP line, and takes the answer in itself', async () => {
    const pageSize = 4096;
    const pages = 64;
    const memory = createGuestMemoryBuffers(pages * pageSize, pageSize, false);
    const installerBuffers = createInstallerBuffers(memory);
    const buffers = createGuestControlBuffers();
    const control = new GuestControl(buffers);
    const pageTable = new Int32Array(memory.pageTable);
    // What the source holds: page p filled with p + 1.
    const sourceBytes = new Uint8Array(pages * pageSize).map((_value, index) => Math.floor(index / pageSize) + 1);
    // This test is the source's page server. Pages 0-31 it answers (2 ms later) with their bytes;
    // for 32-63 it says "in flight" and puts them in place itself, as the host's push would.
    const requested: number[] = [];
    const roles: number[] = [];
    let requestSocket: Socket | undefined;
    const server = createServer((socket) => {
      requestSocket = socket;
      socket.setNoDelay(true);
      const reader = new FrameReader((type, payload) => {
        if (type === frameTypes.hello) roles.push(payload.readUInt32LE(0));
        if (type !== frameTypes.pageRequest) return;
        for (const page of readIndexList(payload)) {
          // A page no guest has (the guest rehearsing its line before it runs): "in flight", as the page server answers it.
          if (page >= pages) {
            socket.write(Buffer.concat(frame(frameTypes.pageInFlight, Buffer.from(Uint32Array.of(page).buffer))));
            continue;
          }
          // The guest must not get past a page before it is here.
          expect(control.stats[statSlots.operations]).toBeLessThanOrEqual(page);
          requested.push(page);
          if (page < 32) {
            setTimeout(() => socket.write(singlePageFrame(page, sourceBytes, pageSize)), 2);
          } else {
            socket.write(Buffer.concat(frame(frameTypes.pageInFlight, Buffer.from(Uint32Array.of(page).buffer))));
            setTimeout(() => new PageInstaller(memory, installerBuffers).installPages(Buffer.concat([Buffer.from(Uint32Array.of(1, page).buffer), Buffer.from(sourceBytes.subarray(page * pageSize, (page + 1) * pageSize))])), 2);
          }
        }
      });
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
    });
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    const workload = { kind: 'scanner', workingSetBytes: 0, dirtyPagesPerSecond: 0, pattern: 'sequential', fillFraction: 1, keyCount: 1 } as const;
    const options: GuestThreadOptions = { role: 'destination', memory, control: buffers, workload, seed: 1, maximumFaultWaitMs: 10_000, maximumLifetimeMs: 20_000, pageRequestPort: port, installer: installerBuffers };
    const guest = new Worker(entryModulePath(vmMigrationEntryModules.guest), { workerData: options });
    const report = new Promise<GuestReport>((resolve) => guest.once('message', resolve));
    try {
      new PageInstaller(memory, installerBuffers).markResumed();
      control.loadStateBytes(new TextEncoder().encode(JSON.stringify(initialCpuState(workload, 1))));
      control.setRunState(runStates.running);
      for (let waited = 0; waited < 5_000 && requested.length < pages; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(requested).toEqual(Array.from({ length: pages }, (_unused, page) => page));
      expect(roles).toEqual([pageServerRoles.requester]);
      for (let waited = 0; waited < 2_000 && pageTable[pages - 1] !== pagePresent; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      control.setRunState(runStates.exitRequested);
      const finished = await report;
      expect(finished.outcome).toBe('exited');
      expect(finished.networkFaults).toBe(pages);
      expect(finished.faultLatency.totalCount).toBe(pages);
      expect(finished.faultLatency.minimum).toBeGreaterThanOrEqual(1000); // each waited the 2 ms this test took
      // Every page arrived, through the guest (0-31) or the "push" (32-63), with the source's bytes.
      expect(pageTable.every((entry) => entry === pagePresent)).toBe(true);
      // (The scanner also writes now and then, so compare what arrived: the pages' checksums.)
      const sourceWords = new Int32Array(sourceBytes.buffer);
      const received = new PageInstaller(memory, installerBuffers).checksums;
      expect(Array.from(received)).toEqual(Array.from({ length: pages }, (_unused, page) => pageChecksum(sourceWords, page, pageSize / 4)));
      expect(new PageInstaller(memory, installerBuffers).presentCount).toBe(pages);
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
    const guest = new Worker(entryModulePath(vmMigrationEntryModules.guest), { workerData: options });
    try {
      const finished = await new Promise<GuestReport>((resolve) => guest.once('message', resolve));
      expect(finished.outcome).toBe('failed');
      expect(finished.message).toMatch(new RegExp(`cannot reach the source's page server on port ${port}`));
    } finally {
      await guest.terminate();
    }
  });
});
