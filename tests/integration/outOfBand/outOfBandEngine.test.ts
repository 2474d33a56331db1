import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { outOfBandEngine } from '../../../main/engines/outOfBand/outOfBandEngine.ts';
import type { OutOfBandScenario } from '../../../main/engines/outOfBand/outOfBandScenario.ts';
import { frameHeaderBytes } from '../../../main/engines/outOfBand/uploadFrames.ts';
import { recordingContext } from '../../support/recordingContext.ts';

const mebibyte = 1_048_576;
const scenario: OutOfBandScenario = {
  upload: { size: 128 * mebibyte, receiveRate: 32 * mebibyte, chunkSize: 64 * 1024, clientQueue: mebibyte },
  cancelAfter: 500,
  methods: { urgentPort: true, inBandFrame: true, clientClose: true, clientReset: true },
  repetitions: 1,
  priorities: { uploadHandler: 10, urgentHandler: 0 },
  urgentData: true,
  stopTimeout: 20_000,
};

interface MethodResult {
  name: string;
  stopped: number;
  stoppedBy: string;
  cancelLatencyMs: number;
  bytesInVain: number;
  bytesAheadOfCancel: number;
}

interface Trial {
  method: string;
  bytesInVain: number;
  bytesAheadOfCancel: number;
}

const python3Present = spawnSync('python3', ['--version']).status === 0;

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('out-of-band engine, real sockets and threads', () => {
  it('every method cancels and the server stops; the urgent port wastes far fewer bytes than the in-band frame', async () => {
    const recorded = recordingContext();
    try {
      const metrics = (await outOfBandEngine.run(scenario, recorded.context)) as {
        methods: MethodResult[];
        trials: Trial[];
        threads: { uploadHandler: { nice: number }; urgentHandler: { nice: number } };
        urgentData: { python3: boolean; urgentBytesSent?: number; receivedText?: string; urgentByteInStream?: boolean; note: string };
      };
      const method = (name: string) => metrics.methods.find((entry) => entry.name === name)!;
      const expectedReason = { 'urgent-port': 'urgent-port', 'in-band-frame': 'in-band-frame', 'client-close': 'client-closed', 'client-reset': 'client-reset' };
      for (const [name, reason] of Object.entries(expectedReason)) {
        expect(method(name).stopped, name).toBe(1);
        expect(method(name).stoppedBy, name).toBe(reason);
        expect(method(name).cancelLatencyMs, name).toBeGreaterThanOrEqual(0);
      }
      // A frame in the stream is read only after every byte written before it: exactly those bytes are wasted.
      const inBand = metrics.trials.find((trial) => trial.method === 'in-band-frame')!;
      expect(inBand.bytesInVain).toBe(inBand.bytesAheadOfCancel + frameHeaderBytes);
      // The client's own queue (1 MiB) alone stands ahead of the in-band cancel; wide margins for a loaded machine.
      expect(method('in-band-frame').bytesInVain).toBeGreaterThan(mebibyte);
      expect(method('in-band-frame').bytesInVain).toBeGreaterThan(2 * method('urgent-port').bytesInVain);
      expect(metrics.threads.urgentHandler.nice).toBeLessThan(metrics.threads.uploadHandler.nice);
      expect(recorded.samples.some((sample) => sample.series === 'urgent-port #1' && sample.values.receivedMiB! > 0)).toBe(true);
      expect(recorded.events.filter((event) => event.kind === 'server-stopped')).toHaveLength(4);

      if (python3Present) {
        expect(metrics.urgentData.python3).toBe(true);
        expect(metrics.urgentData.urgentBytesSent).toBe(1);
        // The urgent byte never arrives as urgent: either not at all (Linux) or in-line as an ordinary byte.
        expect(metrics.urgentData.receivedText!.replace('!', '')).toBe('before||after');
        if (process.platform === 'linux') expect(metrics.urgentData.urgentByteInStream).toBe(false);
      } else {
        expect(metrics.urgentData.python3).toBe(false);
        expect(metrics.urgentData.note).toMatch(/python3 was not found/);
      }
    } finally {
      await recorded.release();
    }
  }, 40_000);

  it("cancelling the run stops it promptly and leaves no port open", async () => {
    const recorded = recordingContext();
    const run = outOfBandEngine.run({ ...scenario, cancelAfter: 10_000, repetitions: 3 }, recorded.context);
    // Cancel mid-upload: wait (bounded) for the first upload to be under way, however loaded the machine is.
    for (let waited = 0; waited < 10_000 && !recorded.events.some((event) => event.kind === 'upload-started'); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const abortedAt = performance.now();
    recorded.controller.abort();
    const metrics = (await run) as { trials: unknown[] };
    expect(performance.now() - abortedAt).toBeLessThan(2_000);
    expect(metrics.trials).toHaveLength(1);
    const released = await recorded.release();
    expect(released).toContain('server threads');
    const ports = recorded.logs.flatMap((line) => [...line.matchAll(/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1])));
    expect(ports).toHaveLength(2);
    for (const port of ports) expect(await refused(port), `port ${port}`).toBe(true);
  }, 20_000);
});
