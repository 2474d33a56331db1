import { describe, expect, it } from 'vitest';
import { runMigrationSession } from '../../../main/engines/vmMigration/migrationSession.ts';
import { recordingHooks, testSpec } from './sessionSpec.ts';

// A slow link keeps the migration going long enough for the failure to land in the middle of it.
const slowLink = { bandwidthBytesPerSecond: 25_000_000, latencyMs: 0 };

describe('failures during migration end cleanly', () => {
  for (const failure of ['cut-link', 'kill-destination'] as const) {
    it(`pre-copy, ${failure}: the migration aborts and the VM keeps running at the source, nothing lost`, async () => {
      const recorded = recordingHooks();
      try {
        const metrics = await runMigrationSession(testSpec('pre-copy', { kind: 'kv-server', keyCount: 2000 }, { shape: slowLink, failure, failureAfterMs: 150 }), recorded.hooks);
        expect(metrics.outcome).toBe('aborted');
        expect(metrics.keptRunningAtSource).toBe(true);
        expect(metrics.integrity).toBe('ok'); // the clients read back everything they wrote, from the source
      } finally {
        await recorded.releaseAll();
      }
    });
  }

  it('pre-copy of a writer, link cut: the guest keeps making progress at the source', async () => {
    const recorded = recordingHooks();
    try {
      const metrics = await runMigrationSession(testSpec('pre-copy', { kind: 'writer' }, { shape: slowLink, failure: 'cut-link', failureAfterMs: 100 }), recorded.hooks);
      expect(metrics.outcome).toBe('aborted');
      expect(metrics.keptRunningAtSource).toBe(true);
    } finally {
      await recorded.releaseAll();
    }
  });

  it('post-copy, the source dies: the VM is reported lost, without a hang', async () => {
    const recorded = recordingHooks();
    const started = performance.now();
    try {
      const metrics = await runMigrationSession(testSpec('post-copy', { kind: 'writer' }, { shape: slowLink, failure: 'kill-source', failureAfterMs: 150 }), recorded.hooks);
      expect(metrics.outcome).toBe('lost');
      expect(metrics.reason).toMatch(/pages still at the source|source host died/);
      expect(metrics.integrityOk).toBe(0);
      expect(recorded.events.some((event) => event.kind === 'failure-injected')).toBe(true);
      expect(recorded.events.some((event) => event.kind === 'vm-lost')).toBe(true);
    } finally {
      await recorded.releaseAll();
    }
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
