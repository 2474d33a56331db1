import { describe, expect, it } from 'vitest';
import { clientsStateEngine } from '../../../main/engines/clientsState/clientsStateEngine.ts';
import { descendantProcessIds } from '../threadsProcesses/childProcesses.ts';
import { eventually, recordingContext } from '../../support/recordingContext.ts';
import { onlyParts, scenario, smallScenarioText } from './smallScenario.ts';

type Row = Record<string, number | string>;
interface Metrics {
  idempotency: { withoutDuplicateTable: Row; withDuplicateTable: Row };
  policies: Row[];
  policyPhases: Row[];
  stateDesigns: Row[];
  access: Row[];
  duplicateTable: Record<string, unknown>;
  injectedFaults: Row[];
  inClassConnection: Row;
  inClassLastPage: Row[];
  versionMismatch: Row;
}

/**
 * Sockets, servers and UDP sockets this process holds (timers are vitest's too), once the count
 * has settled: a destroyed socket's handle goes away a turn of the event loop later.
 */
async function openNetworkHandles(): Promise<number> {
  const count = () => process.getActiveResourcesInfo().filter((kind) => /TCP|UDP|Pipe/.test(kind)).length;
  let last = -1;
  for (let look = 0; look < 40; look += 1) {
    const now = count();
    if (now === last) return now;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return last;
}

const phase = (metrics: Metrics, key: string) => metrics.policyPhases.find((row) => row.key === key)!;
const design = (metrics: Metrics, name: string) => metrics.stateDesigns.find((row) => row.design === name)!;

describe('the clients-and-state engine, a short real run', () => {
  it('shows every claim of the lab with the metrics shapes the CLI prints, and releases every process and socket', async () => {
    const handlesBefore = await openNetworkHandles();
    const recorded = recordingContext();
    let metrics: Metrics;
    try {
      metrics = (await clientsStateEngine.run(scenario(), recorded.context)) as unknown as Metrics;
    } finally {
      await recorded.release();
    }
    // The shapes `proclab run clients-and-state --json` promises.
    expect(Object.keys(metrics.idempotency.withoutDuplicateTable).sort()).toEqual(['applied', 'calls', 'duplicates']);
    expect(Object.keys(metrics.idempotency.withDuplicateTable).sort()).toEqual(['applied', 'calls', 'duplicates', 'tableBytes']);
    expect(metrics.policies.map((row) => Object.keys(row).sort())).toEqual(Array(6).fill(['errors', 'p50Ms', 'p99Ms', 'policy', 'serverLoad']));
    expect(metrics.policies.map((row) => row.policy)).toEqual(['none', 'retry', 'failover', 'first-of-k', 'cache', 'relocate']);
    expect(metrics.stateDesigns.map((row) => Object.keys(row).sort())).toEqual(Array(3).fill(['design', 'errorsAfterCrash', 'p99Ms', 'recoveryMs', 'staleReads', 'throughputRps']));
    expect(metrics.stateDesigns.map((row) => row.design)).toEqual(['stateless', 'stateful', 'soft-state']);

    // Access transparency: the same answers, local or remote; a version the server does not run is refused.
    expect(metrics.access.map((row) => row.finalValue)).toEqual([60, 60]);
    expect(metrics.access[1]!.p50Us).toBeGreaterThan(metrics.access[0]!.p50Us as number);
    expect(metrics.versionMismatch).toEqual({ clientVersion: 2, serverLowest: 1, serverHighest: 1 });

    // Retries without a duplicate table run add more than once; with it, exactly once; the table forgets.
    const { withoutDuplicateTable: without, withDuplicateTable: withTable } = metrics.idempotency;
    expect(without.duplicates).toBeGreaterThan(0);
    expect(without.applied).toBe((without.calls as number) + (without.duplicates as number));
    expect(withTable).toMatchObject({ calls: 30, applied: 30, duplicates: 0 });
    expect(withTable.tableBytes).toBeGreaterThan(0);
    expect(metrics.duplicateTable).toMatchObject({ entriesAfterLifetime: 0, lateRetryAppliedAgain: true });

    // Policies: first-of-k hides the slow replica's tail, a cache answers when every server is down,
    // looking the server up again follows it when it moves; none of these come for free.
    expect(phase(metrics, 'first-of-k/slow').p99Ms).toBeLessThan(0.5 * (phase(metrics, 'none/slow').p99Ms as number));
    expect(phase(metrics, 'first-of-k/slow').serverLoad).toBeGreaterThanOrEqual(2);
    expect(phase(metrics, 'none/crash').errors).toBeGreaterThan(phase(metrics, 'failover/crash').errors as number);
    expect(phase(metrics, 'cache/all-down').answeredFromCache).toBeGreaterThan(0);
    expect(phase(metrics, 'cache/all-down').errors).toBeLessThan(phase(metrics, 'failover/all-down').errors as number);
    expect(phase(metrics, 'cache/all-down').maxStalenessMs).toBeGreaterThan(0);
    expect(phase(metrics, 'relocate/moved').errors).toBeLessThan(0.25 * (phase(metrics, 'retry/moved').errors as number));

    // Server state: caching beats stateless re-reads; a crash costs the stateful client its handle and
    // leaves it reading stale copies; the stateless one sees no error after the restart; soft state is never wrong.
    expect(design(metrics, 'stateful').throughputRps).toBeGreaterThan(3 * (design(metrics, 'stateless').throughputRps as number));
    expect(design(metrics, 'stateless')).toMatchObject({ errorsAfterCrash: 0, staleReads: 0 });
    expect(design(metrics, 'stateful').errorsAfterCrash).toBeGreaterThanOrEqual(1);
    expect(design(metrics, 'stateful').staleReads).toBeGreaterThan(0);
    expect(design(metrics, 'soft-state')).toMatchObject({ errorsAfterCrash: 0, staleReads: 0 });
    // Recovery counts from the crash to the restarted server's first answers: never inside the downtime.
    for (const name of ['stateless', 'stateful', 'soft-state']) expect(design(metrics, name).recoveryMs).toBeGreaterThanOrEqual(200);

    // The in-class servers: the connection's state is gone after the crash, and so is the last page.
    expect(metrics.inClassConnection).toMatchObject({ itemsBeforeCrash: 5, firstItemAfterRestart: 1 });
    expect(metrics.inClassLastPage.at(-1)).toMatchObject({ client: 'A', answer: '/welcome', afterCrash: true });
    expect(metrics.inClassLastPage.find((row) => String(row.client).startsWith('C'))!.answer).toBe('/lecture/clients');

    expect(recorded.events.filter((event) => event.kind === 'crashed').length).toBeGreaterThanOrEqual(6 * 2 + 3);
    expect(recorded.samples.some((sample) => sample.series === 'stateful' && sample.values.readsPerSecond! > 0)).toBe(true);
    expect(descendantProcessIds()).toEqual([]);
    expect(await openNetworkHandles()).toBe(handlesBefore);
  }, 120_000);

  // A reply that was not lost but came after the client's timeout (a stall of this busy machine)
  // adds a retransmission the seed did not decide, and every later message meets another fate:
  // here the timeout is far above such stalls, so only the seed decides.
  const reproducibleText = smallScenarioText.replace(/idempotency: \{[^}]*\}/, 'idempotency: { calls: 20, replyLoss: 0.25, requestLoss: 0.05, duplicate: 0.05, timeout: 400ms, retries: 10, backoff: 5ms, tableLifetime: 1s }');

  it('injects the same faults and counts the same duplicates with the same seed, other ones with another seed', async () => {
    const runs = [];
    for (const seed of [21, 21, 22]) {
      const recorded = recordingContext();
      (recorded.context as { seed: number }).seed = seed;
      try {
        const metrics = (await clientsStateEngine.run(onlyParts(['idempotency'], reproducibleText), recorded.context)) as unknown as Metrics;
        runs.push({ idempotency: metrics.idempotency, faults: metrics.injectedFaults });
      } finally {
        await recorded.release();
      }
    }
    expect(reproducibleText).toContain('timeout: 400ms');
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]!.faults).not.toEqual(runs[0]!.faults);
    expect(runs[0]!.faults.reduce((sum, row) => sum + (row.lost as number), 0)).toBeGreaterThan(0);
    expect(descendantProcessIds()).toEqual([]);
  }, 120_000);

  it('stops promptly when cancelled in the middle of the policies and leaves nothing behind', async () => {
    const handlesBefore = await openNetworkHandles();
    const recorded = recordingContext();
    const running = clientsStateEngine.run(onlyParts(['policies']), recorded.context);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (recorded.events.some((event) => event.kind === 'crashed')) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    const cancelledAt = performance.now();
    recorded.controller.abort();
    await running.catch(() => undefined);
    expect(performance.now() - cancelledAt).toBeLessThan(3_000);
    await recorded.release();
    expect(descendantProcessIds()).toEqual([]);
    expect(await openNetworkHandles()).toBe(handlesBefore);
  }, 60_000);

  it('fails with a clear message when a server dies that nobody killed, and releases everything', async () => {
    const handlesBefore = await openNetworkHandles();
    const recorded = recordingContext();
    const running = clientsStateEngine.run(onlyParts(['stateDesigns']), recorded.context);
    // Someone else kills the file server during the steady phase, once clients are reading from it.
    await eventually(() => recorded.samples.some((sample) => sample.series === 'stateless' && sample.values.readsPerSecond! > 0), 20_000, 'the stateless file server to serve reads');
    const [serverPid] = descendantProcessIds();
    expect(serverPid).toBeDefined();
    process.kill(serverPid!, 'SIGKILL');
    await expect(running).rejects.toThrow(/stateless file server \(pid \d+\) ended when nobody stopped it/);
    await recorded.release();
    expect(descendantProcessIds()).toEqual([]);
    expect(await openNetworkHandles()).toBe(handlesBefore);
  }, 60_000);
});
