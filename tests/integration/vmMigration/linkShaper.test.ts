import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loopbackSocketPair } from '../../support/loopbackSocketPair.ts';
import { frame, FrameReader } from '../../../main/engines/vmMigration/link/linkFrames.ts';
import { LinkSender } from '../../../main/engines/vmMigration/link/linkSender.ts';

/** Resolves with the milliseconds from now until `frames` whole frames have arrived on `receiving`. */
function millisecondsToReceive(receiving: Socket, frames: number): Promise<number> {
  const startedAt = performance.now();
  let received = 0;
  return new Promise<number>((resolve) => {
    const reader = new FrameReader(() => {
      received += 1;
      if (received === frames) resolve(performance.now() - startedAt);
    });
    receiving.on('data', (chunk: Buffer) => reader.push(chunk));
  });
}

describe('the link shaper', () => {
  it('paces bulk frames at the link bandwidth, and a sender thread that stalls does not slow the link', async () => {
    const { sending, receiving, close } = await loopbackSocketPair();
    try {
      // 8 MB at 100 MB/s: 80 ms on the wire.
      const sender = new LinkSender(sending, sending, { bandwidthBytesPerSecond: 100e6, latencyMs: 0 });
      const frames = 128;
      const payload = Buffer.alloc(62_492, 7); // 62,500 bytes a frame with its header
      const done = millisecondsToReceive(receiving, frames);
      for (let index = 0; index < frames; index += 1) sender.sendBulk(frame(1, payload));
      // The sending thread stalls for 30 ms early in the transfer, as a busy machine makes it now and then.
      setTimeout(() => {
        const until = performance.now() + 30;
        while (performance.now() < until) {
          // busy: no timer of the shaper can run meanwhile
        }
      }, 5);
      const elapsedMs = await done;
      expect(elapsedMs).toBeGreaterThanOrEqual(75);
      // A shaper that restarted the link after the stall would take about 110 ms.
      expect(elapsedMs).toBeLessThan(105);
      sender.close();
    } finally {
      close();
    }
  });

  it('paces a stopped guest\'s frames precisely without keeping the sending thread busy', async () => {
    const { sending, receiving, close } = await loopbackSocketPair();
    try {
      // 10 MB at 50 MB/s: 200 ms on the wire, in frames of 0.5 ms each.
      const sender = new LinkSender(sending, sending, { bandwidthBytesPerSecond: 50e6, latencyMs: 0 });
      sender.precise = true;
      const frames = 400;
      const payload = Buffer.alloc(24_992, 7); // 25,000 bytes a frame with its header
      const cpuBefore = process.cpuUsage();
      const done = millisecondsToReceive(receiving, frames);
      for (let index = 0; index < frames; index += 1) sender.sendBulk(frame(1, payload));
      const elapsedMs = await done;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      expect(elapsedMs).toBeGreaterThanOrEqual(195);
      expect(elapsedMs).toBeLessThan(260);
      // A sender spinning between frames uses about as much CPU as the transfer takes.
      expect(cpuMs).toBeLessThan(0.5 * elapsedMs);
      sender.close();
    } finally {
      close();
    }
  });
});
