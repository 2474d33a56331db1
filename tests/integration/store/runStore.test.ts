import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult, Sample, TimelineEvent, RunLogLine } from '../../../preload/api.ts';
import { RunStore, interruptedRunError } from '../../../main/store/runStore.ts';
import { environment, newRun, temporaryFolder } from './runFixtures.ts';

let folder: string;
let remove: () => void;
let store: RunStore;

beforeEach(() => {
  ({ folder, remove } = temporaryFolder());
  store = RunStore.open(join(folder, 'nested', 'deeper', 'runs.sqlite'));
});

afterEach(() => {
  store.close();
  remove();
});

describe('RunStore', () => {
  it('creates its folder and uses WAL, NORMAL sync and foreign keys', () => {
    const raw = new Sqlite(store.filePath, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    // The store's own connection settings are per connection, so read them through it.
    const connection = (store as unknown as { database: Sqlite.Database }).database;
    expect(connection.pragma('synchronous', { simple: true })).toBe(1);
    expect(connection.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(connection.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('round-trips everything recorded for a run', () => {
    const samples: Sample[] = [
      { timeMs: 200, series: 'threaded', values: { throughputRps: 1200.5, p99Ms: 3.25 } },
      { timeMs: 100, series: 'iterative', values: { throughputRps: 400, p99Ms: 12 } },
      { timeMs: 100, series: 'threaded', values: { throughputRps: 1100, p99Ms: 2.5 } },
    ];
    const timeline: TimelineEvent[] = [
      { timeMs: 0, kind: 'server-started', message: 'iterative listening on 127.0.0.1:40001', data: { port: 40001 } },
      { timeMs: 5.5, kind: 'load-started', message: 'load generator started' },
    ];
    const log: RunLogLine[] = [
      { timeMs: 1, level: 'info', message: 'starting' },
      { timeMs: 2, level: 'warn', message: 'ünïcödé ✓ <b>' },
    ];
    const checks: CheckResult[] = [
      { checkId: 'threaded-faster', title: { en: 'Threaded is faster', 'pt-BR': 'Com threads é mais rápido' }, passed: true, detail: '1200 > 400' },
      { checkId: 'no-errors', title: { en: 'No errors', 'pt-BR': 'Sem erros' }, passed: false, detail: '3 errors' },
    ];
    const metrics = { servers: [{ name: 'iterative', architecture: 'iterative', requests: 10, throughputRps: 400, latencyMs: { p50: 1, p90: 2, p99: 3, max: 4 }, errors: 0 }] };

    store.createRun(newRun('run-1'));
    expect(store.getRun('run-1')?.status).toBe('pending');
    store.markRunning('run-1', '2025-01-01T10:00:01.000Z');
    expect(store.getRun('run-1')?.status).toBe('running');
    for (const sample of samples) store.appendSample('run-1', sample);
    for (const event of timeline) store.appendTimeline('run-1', event);
    for (const line of log) store.appendLog('run-1', line);
    store.saveCheckResults('run-1', checks);
    store.finishRun('run-1', { status: 'succeeded', finishedAt: '2025-01-01T10:00:03.000Z', durationMs: 2000.5, metrics, error: null });

    const run = store.getRun('run-1');
    expect(run).toEqual({
      runId: 'run-1',
      labId: 'architectures',
      engine: 'architectures',
      status: 'succeeded',
      seed: 42,
      scenarioHash: 'hash-run-1',
      createdAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:00:03.000Z',
      durationMs: 2000.5,
      metrics,
      error: null,
      scenarioText: 'engine: architectures\nservers: [iterative]\n',
      environment,
      // Ordered by time; equal times keep the order they arrived in.
      samples: [samples[1], samples[2], samples[0]],
      timeline,
      log,
      checks,
      student: null,
      answers: [],
    });
    // No `data` key at all when the event had none, so the round trip is exact.
    expect(Object.keys(run!.timeline[1]!)).not.toContain('data');
  });

  it('records a failed run with its error', () => {
    store.createRun(newRun('run-failed'));
    store.finishRun('run-failed', { status: 'failed', finishedAt: '2025-01-01T10:00:03.000Z', durationMs: 5, error: { code: 'unavailable', message: 'port 40001 is in use' } });
    const run = store.getRun('run-failed')!;
    expect(run.status).toBe('failed');
    expect(run.error).toEqual({ code: 'unavailable', message: 'port 40001 is in use' });
    expect(run.metrics).toBeNull();
  });

  it('replaces check results when they are saved again', () => {
    store.createRun(newRun('run-1'));
    store.saveCheckResults('run-1', [{ checkId: 'a', title: { en: 'A', 'pt-BR': 'A' }, passed: false, detail: '' }]);
    store.saveCheckResults('run-1', [{ checkId: 'a', title: { en: 'A', 'pt-BR': 'A' }, passed: true, detail: 'now' }]);
    expect(store.getRun('run-1')!.checks).toEqual([{ checkId: 'a', title: { en: 'A', 'pt-BR': 'A' }, passed: true, detail: 'now' }]);
  });

  it('lists runs newest first, filtered by lab and limited', () => {
    store.createRun(newRun('old', { createdAt: '2025-01-01T09:00:00.000Z' }));
    store.createRun(newRun('newest', { createdAt: '2025-01-03T09:00:00.000Z' }));
    store.createRun(newRun('middle', { createdAt: '2025-01-02T09:00:00.000Z', labId: 'superserver', engine: 'superserver' }));
    expect(store.listRuns().map((run) => run.runId)).toEqual(['newest', 'middle', 'old']);
    expect(store.listRuns({ limit: 2 }).map((run) => run.runId)).toEqual(['newest', 'middle']);
    expect(store.listRuns({ labId: 'architectures' }).map((run) => run.runId)).toEqual(['newest', 'old']);
    expect(store.listRuns({ labId: 'architectures', limit: 1 }).map((run) => run.runId)).toEqual(['newest']);
    expect(store.listRuns({ labId: 'nothing' })).toEqual([]);
    expect(store.listRuns({ limit: 0 })).toEqual([]);
    const summary = store.listRuns({ limit: 1 })[0]!;
    expect(summary).not.toHaveProperty('samples');
    expect(summary).not.toHaveProperty('scenarioText');
  });

  it('deletes a run with everything recorded for it', () => {
    store.createRun(newRun('doomed'));
    store.createRun(newRun('kept'));
    for (const runId of ['doomed', 'kept']) {
      store.appendSample(runId, { timeMs: 1, series: 's', values: { v: 1 } });
      store.appendTimeline(runId, { timeMs: 1, kind: 'k', message: 'm' });
      store.appendLog(runId, { timeMs: 1, level: 'info', message: 'm' });
      store.saveCheckResults(runId, [{ checkId: 'c', title: { en: 'C', 'pt-BR': 'C' }, passed: true, detail: '' }]);
    }
    expect(store.deleteRun('doomed')).toBe(true);
    expect(store.deleteRun('doomed')).toBe(false);
    expect(store.getRun('doomed')).toBeUndefined();
    expect(store.getRun('kept')!.samples).toHaveLength(1);

    const raw = new Sqlite(store.filePath, { readonly: true });
    try {
      for (const table of ['samples', 'timeline', 'log', 'check_results']) {
        const rows = raw.prepare(`SELECT run_id, count(*) AS count FROM ${table} GROUP BY run_id`).all();
        expect(rows, table).toEqual([{ run_id: 'kept', count: 1 }]);
      }
    } finally {
      raw.close();
    }
  });

  it('refuses to record for a run it does not have, at the call', () => {
    expect(() => store.appendSample('ghost', { timeMs: 1, series: 's', values: {} })).toThrow(/no run ghost/);
    expect(() => store.appendTimeline('ghost', { timeMs: 1, kind: 'k', message: 'm' })).toThrow(/no run ghost/);
    expect(() => store.markRunning('ghost', '2025-01-01T00:00:00.000Z')).toThrow(/no run ghost/);
    expect(() => store.finishRun('ghost', { status: 'succeeded', finishedAt: '2025-01-01T00:00:00.000Z', durationMs: 1 })).toThrow(/no run ghost/);
    expect(store.getRun('ghost')).toBeUndefined();
  });

  it('writes appended rows within the flush interval, without being asked', async () => {
    store.createRun(newRun('run-1'));
    store.appendSample('run-1', { timeMs: 1, series: 's', values: { v: 1 } });
    const countOnDisk = () => {
      const raw = new Sqlite(store.filePath, { readonly: true });
      try {
        return (raw.prepare('SELECT count(*) AS count FROM samples').get() as { count: number }).count;
      } finally {
        raw.close();
      }
    };
    expect(countOnDisk()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(countOnDisk()).toBe(1);
  });

  it('continues timeline and log sequences of a run recorded by an earlier connection', () => {
    store.createRun(newRun('run-1'));
    store.appendTimeline('run-1', { timeMs: 5, kind: 'a', message: 'first' });
    store.appendLog('run-1', { timeMs: 5, level: 'info', message: 'first' });
    store.close();
    store = RunStore.open(store.filePath);
    store.appendTimeline('run-1', { timeMs: 5, kind: 'b', message: 'second' });
    store.appendLog('run-1', { timeMs: 5, level: 'info', message: 'second' });
    const run = store.getRun('run-1')!;
    expect(run.timeline.map((event) => event.message)).toEqual(['first', 'second']);
    expect(run.log.map((line) => line.message)).toEqual(['first', 'second']);
  });

  it('marks pending and running runs interrupted and keeps what they recorded', () => {
    store.createRun(newRun('pending'));
    store.createRun(newRun('running'));
    store.markRunning('running', '2025-01-01T10:00:01.000Z');
    store.appendSample('running', { timeMs: 1, series: 's', values: { v: 1 } });
    store.createRun(newRun('done'));
    store.finishRun('done', { status: 'succeeded', finishedAt: '2025-01-01T10:00:02.000Z', durationMs: 1000 });

    expect(store.markInterruptedRuns('2025-01-02T00:00:00.000Z').sort()).toEqual(['pending', 'running']);
    const running = store.getRun('running')!;
    expect(running.status).toBe('interrupted');
    expect(running.finishedAt).toBe('2025-01-02T00:00:00.000Z');
    expect(running.error).toEqual(interruptedRunError);
    expect(running.samples).toHaveLength(1);
    expect(store.getRun('done')!.status).toBe('succeeded');
    expect(store.markInterruptedRuns()).toEqual([]);
  });

  it('flushes on close, and refuses use after close', () => {
    store.createRun(newRun('run-1'));
    for (let index = 0; index < 10; index++) store.appendSample('run-1', { timeMs: index, series: 's', values: { v: index } });
    store.close();
    store.close();
    expect(() => store.appendSample('run-1', { timeMs: 1, series: 's', values: {} })).toThrow(/closed/);
    store = RunStore.open(store.filePath);
    expect(store.getRun('run-1')!.samples).toHaveLength(10);
  });

  it('writes in batches once enough rows are waiting', () => {
    store.close();
    store = RunStore.open(store.filePath, { flushAfterRows: 5, flushIntervalMs: 60_000 });
    store.createRun(newRun('run-1'));
    for (let index = 0; index < 12; index++) store.appendSample('run-1', { timeMs: index, series: 's', values: { v: index } });
    const raw = new Sqlite(store.filePath, { readonly: true });
    try {
      expect((raw.prepare('SELECT count(*) AS count FROM samples').get() as { count: number }).count).toBe(10);
    } finally {
      raw.close();
    }
  });
});
