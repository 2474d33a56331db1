import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProclab } from '../cli/runProclab.ts';

// Both hosts hold a copy of guest memory, so a migration needs 2x guest memory; a run migrates the
// same guest once per strategy, and must not hold more than that for the whole run. Before, each
// strategy's copies stayed until the garbage collector next ran: a 256 MiB guest's default run
// peaked at 1.8-2.4 GiB; now 0.8 GiB (2x guest memory + about 310 MiB of threads and buffers).
const mebibyte = 1024 * 1024;
const guestBytes = 256 * mebibyte;
/** Node, the six threads of a migration, the key-value clients, sockets: measured at 310-345 MiB. */
const fixedOverheadBytes = 512 * mebibyte;

const directory = mkdtempSync(join(tmpdir(), 'proclab-vm-memory-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The process's peak resident memory so far (VmHWM), or undefined once it has gone. */
function peakResidentBytes(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmHWM:'));
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]) * 1024;
  } catch {
    return undefined;
  }
}

describe.runIf(process.platform === 'linux')('vm-migration memory', () => {
  it('stays under 2x guest memory and a fixed overhead through all four strategies of a 256 MiB default run', async () => {
    let peak = 0;
    let poller: NodeJS.Timeout | undefined;
    const result = await runProclab(
      ['run', 'vm-migration', '--set', 'guest.memory=256MiB', '--set', 'timing.warmup=300ms', '--set', 'timing.after=300ms', '--json', '--db', join(directory, 'runs.sqlite')],
      {
        timeoutMs: 150_000,
        onStarted: (pid) => {
          // The high-water mark only rises: the last reading before the process exits is its peak.
          poller = setInterval(() => (peak = Math.max(peak, peakResidentBytes(pid) ?? 0)), 100);
        },
      },
    );
    clearInterval(poller);
    expect(result.code, result.stderr).toBe(0);
    // Every strategy ran its whole migration on memory reused from the one before, intact.
    const run = JSON.parse(result.stdout) as { metrics: { strategies: { name: string; outcome: string; integrity: string; pagesTransferred: number; guestPages: number }[] } };
    expect(run.metrics.strategies.map((strategy) => [strategy.name, strategy.outcome, strategy.integrity])).toEqual([
      ['stop-copy', 'completed', 'ok'],
      ['pre-copy', 'completed', 'ok'],
      ['post-copy', 'completed', 'ok'],
      ['hybrid', 'completed', 'ok'],
    ]);
    for (const strategy of run.metrics.strategies) expect(strategy.pagesTransferred, strategy.name).toBeGreaterThanOrEqual(strategy.guestPages);
    expect(peak).toBeGreaterThan(2 * guestBytes);
    expect(peak / mebibyte).toBeLessThan((2 * guestBytes + fixedOverheadBytes) / mebibyte);
  }, 160_000);
});
