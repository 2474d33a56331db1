import { describe, expect, it } from 'vitest';
import { directoryEngine } from '../../../main/engines/directory/directoryEngine.ts';
import { superserverEngine } from '../../../main/engines/superserver/superserverEngine.ts';
import { recordingContext } from '../../support/recordingContext.ts';

describe('locating engines, small real runs', () => {
  it('superserver: handlers are started per connection, limited by instances, and everything is released', async () => {
    const recorded = recordingContext();
    try {
      const metrics = (await superserverEngine.run(
        { comparison: { requests: 4, interval: 10 }, burst: { clients: 6, spacing: 5, hold: 400 }, limits: { instances: 2, perSource: 0, connectionsPerSecond: 0, deactivation: 1000 }, timeout: 5000 },
        recorded.context,
      )) as { modes: { name: string; requests: number; firstByteMs: { p50: number } }[]; refusals: { instances: number } };
      expect(metrics.modes.map((mode) => mode.requests)).toEqual([4, 4]);
      // Safe under load: only that a new process costs more than an already running one.
      expect(metrics.modes[0]!.firstByteMs.p50).toBeGreaterThan(metrics.modes[1]!.firstByteMs.p50);
      expect(metrics.refusals.instances).toBeGreaterThan(0);
      expect(Math.max(...recorded.samples.filter((sample) => sample.series === 'superserver').map((sample) => sample.values.running!))).toBeLessThanOrEqual(2);
      expect(recorded.events.filter((event) => event.kind === 'handler-started').length).toBeGreaterThanOrEqual(6);
    } finally {
      await recorded.release();
    }
  });

  it('directory: hard state sends clients to a crashed server, soft state forgets it', async () => {
    for (const state of ['hard', 'soft'] as const) {
      const recorded = recordingContext();
      try {
        const metrics = (await directoryEngine.run(
          { servers: 3, state, softState: 400, renewEvery: 100, crash: 1, leave: 1, observe: 2400, lookupEvery: 30 },
          recorded.context,
        )) as { staleAnswers: number; crashedForgottenAfterMs: number; registrationsAtEnd: number };
        if (state === 'hard') {
          expect(metrics.staleAnswers).toBeGreaterThan(0);
          expect(metrics.crashedForgottenAfterMs).toBe(-1);
          expect(metrics.registrationsAtEnd).toBe(2);
        } else {
          expect(metrics.crashedForgottenAfterMs).toBeGreaterThanOrEqual(0);
          expect(metrics.registrationsAtEnd).toBe(1);
        }
      } finally {
        await recorded.release();
      }
    }
  });
});
