import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProclab } from '../cli/runProclab.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-clients-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const shortRun = [
  'access.calls=20',
  'idempotency.calls=20',
  'idempotency.tableLifetime=1s',
  'policies.callsPerPhase=10',
  'policies.crashOutage=100ms',
  'policies.allDownOutage=200ms',
  'stateDesigns.files=2',
  'stateDesigns.streamSize=128KiB',
  'stateDesigns.steady=500ms',
  'stateDesigns.downtime=100ms',
  'stateDesigns.after=600ms',
  'stateDesigns.lease=200ms',
  'inClass.enabled=false',
].flatMap((value) => ['--set', value]);

describe('proclab run clients-and-state --json', () => {
  it('prints metrics.idempotency, metrics.policies and metrics.stateDesigns in the shapes it promises, with the lab checks', async () => {
    const result = await runProclab(['run', 'clients-and-state', '--json', '--seed', '5', '--db', join(directory, 'runs.sqlite'), ...shortRun], { timeoutMs: 150_000 });
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { status: string; metrics: Record<string, any>; checks: { checkId: string; passed: boolean }[] };
    expect(printed.status).toBe('succeeded');
    const { idempotency, policies, stateDesigns } = printed.metrics;
    expect(Object.keys(idempotency).sort()).toEqual(['withDuplicateTable', 'withoutDuplicateTable']);
    expect(Object.keys(idempotency.withoutDuplicateTable).sort()).toEqual(['applied', 'calls', 'duplicates']);
    expect(Object.keys(idempotency.withDuplicateTable).sort()).toEqual(['applied', 'calls', 'duplicates', 'tableBytes']);
    expect(policies.map((row: { policy: string }) => row.policy)).toEqual(['none', 'retry', 'failover', 'first-of-k', 'cache', 'relocate']);
    for (const row of policies) expect(Object.keys(row).sort()).toEqual(['errors', 'p50Ms', 'p99Ms', 'policy', 'serverLoad']);
    expect(stateDesigns.map((row: { design: string }) => row.design)).toEqual(['stateless', 'stateful', 'soft-state']);
    for (const row of stateDesigns) expect(Object.keys(row).sort()).toEqual(['design', 'errorsAfterCrash', 'p99Ms', 'recoveryMs', 'staleReads', 'throughputRps']);
    // The in-class part was switched off: its check is not evaluated; the others are.
    const checkIds = printed.checks.map((check) => check.checkId);
    expect(checkIds).not.toContain('tcp-connection-state-lost');
    expect(checkIds).toEqual(expect.arrayContaining(['retries-apply-add-twice', 'duplicate-table-exactly-once', 'first-of-k-lowers-p99', 'soft-state-never-wrong']));
    expect(printed.checks.find((check) => check.checkId === 'duplicate-table-exactly-once')!.passed).toBe(true);
  }, 180_000);
});
