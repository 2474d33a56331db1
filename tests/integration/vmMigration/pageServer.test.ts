import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createGuestMemoryBuffers } from '../../../main/engines/vmMigration/guest/guestMemory.ts';
import { createSourceUrgentShared, urgentCounterSlots, type UrgentReport, type UrgentRequest } from '../../../main/engines/vmMigration/hosts/urgentChannel.ts';
import type { UrgentChannelOptions } from '../../../main/engines/vmMigration/hosts/urgentChannelWorker.ts';
import { FrameReader, frameTypes, pageRequestFrame, pageServerHello, pageServerRoles, readIndexList } from '../../../main/engines/vmMigration/link/linkFrames.ts';
import { entryModulePath } from '../../../main/platform/moduleEntry.ts';
import { vmMigrationEntryModules } from '../../../main/engines/vmMigration/vmMigrationEntryModules.ts';

const pageSize = 4096;

async function startPageServer(): Promise<{ port: number; claimMap: Uint8Array; counters: Float64Array; memory: Uint8Array; stop(): Promise<void> }> {
  const memory = createGuestMemoryBuffers(16 * pageSize, pageSize, true);
  const bytes = new Uint8Array(memory.data);
  for (let page = 0; page < 8; page += 1) bytes.fill(page + 1, page * pageSize, (page + 1) * pageSize); // pages 8-15 stay zero
  const shared = createSourceUrgentShared(memory.pageCount);
  const options: UrgentChannelOptions = { memory, shared };
  const worker = new Worker(entryModulePath(vmMigrationEntryModules.urgentChannel), { workerData: options });
  const port = await new Promise<number>((resolve) => worker.once('message', (report: UrgentReport) => resolve(report.port)));
  worker.postMessage({ kind: 'configure', skipZeroPages: true, latencyMs: 0, bandwidthBytesPerSecond: 0 } satisfies UrgentRequest);
  return {
    port,
    claimMap: new Uint8Array(shared.claimMap),
    counters: new Float64Array(shared.counters),
    memory: bytes,
    stop: async () => {
      worker.postMessage({ kind: 'close' } satisfies UrgentRequest);
      await worker.terminate();
    },
  };
}

function open(port: number, role: number): Promise<{ socket: Socket; answers: { type: number; payload: Buffer }[] }> {
  return new Promise((resolve) => {
    const answers: { type: number; payload: Buffer }[] = [];
    const reader = new FrameReader((type, payload) => answers.push({ type, payload: Buffer.from(payload) }));
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(pageServerHello(role));
      resolve({ socket, answers });
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
  });
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("the source's page server", () => {
  it('answers each request once: the page, a zero page, or "in flight" when the push has claimed it', async () => {
    const server = await startPageServer();
    const { socket, answers } = await open(server.port, pageServerRoles.requester);
    try {
      server.claimMap.fill(1);
      server.claimMap[3] = 0; // the push already took page 3
      for (const page of [2, 3, 9]) socket.write(pageRequestFrame(page));
      for (let waited = 0; waited < 2_000 && answers.length < 3; waited += 10) await settle(10);
      expect(answers.map((answer) => answer.type)).toEqual([frameTypes.pages, frameTypes.pageInFlight, frameTypes.zeroPages]);
      // The page's own bytes, and each page claimed (so the push will not send it again).
      expect(answers[0]!.payload.readUInt32LE(4)).toBe(2);
      expect(answers[0]!.payload.subarray(8).every((value) => value === 3)).toBe(true);
      expect([...readIndexList(answers[2]!.payload)]).toEqual([9]);
      expect([server.claimMap[2], server.claimMap[9]]).toEqual([0, 0]);
      expect(server.counters[urgentCounterSlots.pagesRequested]).toBe(2);
      expect(server.counters[urgentCounterSlots.lastFaultPage]).toBe(9);
      // Asked again, a page already sent is "in flight" to this requester: it is never sent twice.
      socket.write(pageRequestFrame(2));
      for (let waited = 0; waited < 2_000 && answers.length < 4; waited += 10) await settle(10);
      expect(answers[3]!.type).toBe(frameTypes.pageInFlight);
    } finally {
      socket.destroy();
      await server.stop();
    }
  });

  it('takes a hinter\'s requests as hints for the push only: no answer, nothing claimed', async () => {
    const server = await startPageServer();
    const { socket, answers } = await open(server.port, pageServerRoles.hinter);
    try {
      server.claimMap.fill(1);
      socket.write(pageRequestFrame(5));
      for (let waited = 0; waited < 2_000 && server.counters[urgentCounterSlots.faultSequence] === 0; waited += 10) await settle(10);
      await settle(50);
      expect(server.counters[urgentCounterSlots.lastFaultPage]).toBe(5);
      expect(server.claimMap[5]).toBe(1);
      expect(answers).toEqual([]);
    } finally {
      socket.destroy();
      await server.stop();
    }
  });
});
