import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { processIdentity, processStartTicks } from '../../../main/store/processIdentity.ts';
import { RunStore } from '../../../main/store/runStore.ts';
import { temporaryFolder } from './runFixtures.ts';

let folder: string;
let remove: () => void;

beforeEach(() => {
  ({ folder, remove } = temporaryFolder());
});

afterEach(() => remove());

const runStoreUrl = pathToFileURL(join(import.meta.dirname, '../../../main/store/runStore.ts')).href;
const fixturesUrl = pathToFileURL(join(import.meta.dirname, 'runFixtures.ts')).href;

// A real process that records a run and then dies without any chance to clean up.
function childScript(databasePath: string): string {
  return `
    import { RunStore } from ${JSON.stringify(runStoreUrl)};
    import { newRun } from ${JSON.stringify(fixturesUrl)};
    const store = RunStore.open(${JSON.stringify(databasePath)});
    store.createRun(newRun('finished-before-crash'));
    store.finishRun('finished-before-crash', { status: 'succeeded', finishedAt: '2025-01-01T10:00:05.000Z', durationMs: 5000 });
    store.createRun(newRun('running-at-crash'));
    store.markRunning('running-at-crash', '2025-01-01T10:00:06.000Z');
    for (let index = 0; index < 100; index++) {
      store.appendSample('running-at-crash', { timeMs: index * 10, series: 'threaded', values: { throughputRps: index } });
    }
    store.appendTimeline('running-at-crash', { timeMs: 0, kind: 'server-started', message: 'listening' });
    store.appendLog('running-at-crash', { timeMs: 0, level: 'info', message: 'started' });
    // Longer than the flush interval, so everything above has been written in the background.
    setTimeout(() => {
      // These are still waiting in memory when the process dies: the at-most-a-moment it may lose.
      for (let index = 100; index < 110; index++) {
        store.appendSample('running-at-crash', { timeMs: index * 10, series: 'threaded', values: { throughputRps: index } });
      }
      process.kill(process.pid, 'SIGKILL');
    }, 600);
  `;
}

it('keeps what a run recorded before its process was killed, and marks it interrupted', async () => {
  const databasePath = join(folder, 'runs.sqlite');
  const child = spawn(process.execPath, ['--input-type=module', '--eval', childScript(databasePath)], { stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal })),
  );
  expect({ code, signal, stderr: stderr.split('\n').filter((line) => !line.includes('ExperimentalWarning') && !line.includes('--trace-warnings') && line.trim() !== '').join('\n') }).toEqual({
    code: null,
    signal: 'SIGKILL',
    stderr: '',
  });

  const store = RunStore.open(databasePath);
  try {
    expect(store.markInterruptedRuns()).toEqual(['running-at-crash']);
    const run = store.getRun('running-at-crash')!;
    expect(run.status).toBe('interrupted');
    expect(run.finishedAt).not.toBeNull();
    expect(run.samples).toHaveLength(100);
    expect(run.samples[99]).toEqual({ timeMs: 990, series: 'threaded', values: { throughputRps: 99 } });
    expect(run.timeline).toEqual([{ timeMs: 0, kind: 'server-started', message: 'listening' }]);
    expect(run.log).toEqual([{ timeMs: 0, level: 'info', message: 'started' }]);
    expect(store.getRun('finished-before-crash')!.status).toBe('succeeded');
  } finally {
    store.close();
  }
});

it('leaves alone a run whose process is still alive (two proclabs sharing one file)', async () => {
  const databasePath = join(folder, 'shared.sqlite');
  const script = `
    import { RunStore } from ${JSON.stringify(runStoreUrl)};
    import { newRun } from ${JSON.stringify(fixturesUrl)};
    const store = RunStore.open(${JSON.stringify(databasePath)});
    store.createRun(newRun('still-going'));
    store.markRunning('still-going', '2025-01-01T10:00:06.000Z');
    store.flush();
    process.stdout.write('ready\\n');
    setTimeout(() => {}, 60_000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '--eval', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const store = RunStore.open(databasePath);
  try {
    expect(store.markInterruptedRuns()).toEqual([]);
    expect(store.getRun('still-going')?.status).toBe('running');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(store.markInterruptedRuns()).toEqual(['still-going']);
  } finally {
    store.close();
    child.kill('SIGKILL');
  }
});

it('marks interrupted a run whose owner died even when its pid now belongs to another process', async () => {
  const databasePath = join(folder, 'reused.sqlite');
  const child = spawn(process.execPath, ['--input-type=module', '--eval', childScript(databasePath)], { stdio: ['ignore', 'ignore', 'ignore'] });
  await new Promise((resolve) => child.on('exit', resolve));
  // Another, live process now has the pid the run recorded: a pid is reused once its process is
  // gone, and after a reboot the same pids come round again. It is not the run's owner.
  const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => stranger.once('spawn', resolve));
    const raw = new Sqlite(databasePath);
    raw.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(stranger.pid, 'running-at-crash');
    raw.close();
    const store = RunStore.open(databasePath);
    try {
      expect(store.markInterruptedRuns()).toEqual(['running-at-crash']);
      expect(store.getRun('running-at-crash')!.status).toBe('interrupted');
    } finally {
      store.close();
    }
  } finally {
    stranger.kill('SIGKILL');
  }
});

it('reads a process start time even when its name holds spaces and parentheses', async () => {
  const oddName = join(folder, 'sleep) 1 2 (3');
  copyFileSync('/bin/sleep', oddName);
  chmodSync(oddName, 0o755);
  const odd = spawn(oddName, ['30'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => odd.once('spawn', resolve));
    const ticks = processStartTicks(odd.pid!);
    expect(ticks).toMatch(/^\d+$/);
    expect(Number(ticks)).toBeGreaterThanOrEqual(Number(processStartTicks(process.pid)));
    expect(processIdentity(odd.pid!)).not.toBe(processIdentity(process.pid));
  } finally {
    odd.kill('SIGKILL');
  }
});
