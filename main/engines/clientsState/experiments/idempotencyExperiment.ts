// Idempotency, measured: the client calls add(x, 1000) over a link that loses replies (and some
// requests, and duplicates some), retrying the same request (same xid) after each timeout. The
// counter server counts how often ADD really ran for each request. Run once without and once
// with the server's duplicate request table, over a link with the same name and seed (message k
// meets the same fate in both), then show what the table holds and that it forgets.
import type { EngineContext } from '../../engine.ts';
import { pause } from '../../../toolkit/abortableWaits.ts';
import { generateClientStub, type RpcCallRequest } from '../../../protocols/oncRpc/rpcStub.ts';
import type { DuplicateTableStatistics } from '../../../protocols/oncRpc/duplicateRequestTable.ts';
import { noFaults } from '../../../network/faultInjectingProxy.ts';
import type { CounterService } from '../interfaces/counterInterface.ts';
import { createMiddleware } from '../middleware/clientPolicies.ts';
import type { IdempotencySettings } from '../clientsStateScenario.ts';
import { ServerProcess } from '../serverProcess.ts';
import { clientsStateEntryModules } from '../clientsStateEntryModules.ts';
import type { RunGuard } from '../runGuard.ts';
import { counterInterface, faultReport, loopbackHost, openChannel, openLink, type LinkFaultReport } from './experimentTools.ts';

export interface IdempotencyOutcome {
  calls: number;
  applied: number;
  duplicates: number;
}

export interface IdempotencyResult {
  withoutDuplicateTable: IdempotencyOutcome;
  withDuplicateTable: IdempotencyOutcome & { tableBytes: number };
  details: {
    table: 'without' | 'with';
    /** How often ADD ran (repeats idempotency.*.applied, for the chart). */
    applied: number;
    /** Calls that got a reply (the others ran out of retries). */
    answered: number;
    failedCalls: number;
    retries: number;
    counterValue: number;
    /** What the client believes it added: 1000 for each answered call. */
    valueClientExpects: number;
  }[];
  duplicateTable: {
    lifetimeMs: number;
    peakEntries: number;
    bytesPerEntry: number;
    answeredFromTable: number;
    whileInProgress: number;
    entriesAfterLifetime: number;
    /** A retransmission sent after its entry lapsed: was ADD run again? */
    lateRetryAppliedAgain: boolean;
  };
  faults: LinkFaultReport[];
}

interface CounterStats {
  applied: number;
  distinctApplied: number;
  duplicateTable?: DuplicateTableStatistics;
  values: Record<string, number>;
}

const amount = 1000;
const counterName = 'x';
/** The same first request id in both runs, so both send byte-for-byte the same messages. */
const firstXid = 0x1d000000;

async function runOnce(context: EngineContext, guard: RunGuard, settings: IdempotencySettings, withTable: boolean, onCall: (done: number) => void) {
  const server = await ServerProcess.start(context, guard, `counter server (${withTable ? 'with' : 'without'} duplicate table)`, clientsStateEntryModules.counterServer, {
    host: loopbackHost,
    port: 0,
    ...(withTable ? { duplicateTableLifetimeMs: settings.tableLifetime } : {}),
  });
  const link = await openLink(context, 'idempotency', { host: loopbackHost, port: server.port }, {
    toServer: { ...noFaults, loss: settings.requestLoss, duplicate: settings.duplicate },
    toClient: { ...noFaults, loss: settings.replyLoss },
  });
  const channel = openChannel(context, link.address);
  const middleware = createMiddleware('retry', { channels: [channel], retry: { timeoutMs: settings.timeout, retries: settings.retries, backoffMs: settings.backoff }, signal: guard.signal });
  let lastCall: RpcCallRequest | undefined;
  const stub = generateClientStub<CounterService>(
    counterInterface(),
    'COUNTER',
    1,
    (call) => {
      lastCall = call;
      return middleware.invoker(call);
    },
    { credential: { stamp: 1, machineName: 'proclab-client', uid: 1000, gid: 1000 }, firstXid },
  );
  let answered = 0;
  for (let call = 0; call < settings.calls && !guard.cancelled; call += 1) {
    try {
      await stub.methods.add(counterName, amount);
      answered += 1;
    } catch {
      // Out of retries: the client does not know whether ADD ran. It moves on, as an application would.
    }
    onCall(call + 1);
  }
  guard.check();
  const stats = (await server.ask('stats')) as CounterStats | undefined;
  if (stats === undefined) throw new Error('the counter server did not report its counts');
  const faults = faultReport(link, `idempotency (${withTable ? 'with' : 'without'} table)`);
  channel.close();
  await link.stop();
  return { server, stats, answered, retries: middleware.counts.retries, faults, lastCall };
}

/** Sends `call` again straight to the server, long after its table entry lapsed. */
async function lateRetry(context: EngineContext, guard: RunGuard, server: ServerProcess, call: RpcCallRequest, lifetimeMs: number): Promise<{ appliedAgain: boolean; entriesAfterLifetime: number }> {
  await pause(lifetimeMs + 100, guard.signal);
  guard.check();
  const before = (await server.ask('stats')) as CounterStats;
  const channel = openChannel(context, { host: loopbackHost, port: server.port });
  await channel.send(call, 2_000, guard.signal);
  channel.close();
  const after = (await server.ask('stats')) as CounterStats;
  return { appliedAgain: after.applied > before.applied, entriesAfterLifetime: before.duplicateTable?.entries ?? 0 };
}

export async function runIdempotency(context: EngineContext, guard: RunGuard, settings: IdempotencySettings, progress: (fraction: number, phase: string) => void): Promise<IdempotencyResult> {
  const results: (Awaited<ReturnType<typeof runOnce>> & { withTable: boolean; value: number })[] = [];
  for (const withTable of [false, true]) {
    const phase = withTable ? 'idempotency: with the duplicate table' : 'idempotency: without a duplicate table';
    const run = await runOnce(context, guard, settings, withTable, (done) => progress(((withTable ? 1 : 0) + done / settings.calls) / 2.2, phase));
    const value = run.stats.values[counterName] ?? 0;
    context.event('idempotency', `${withTable ? 'with' : 'without'} the duplicate table: ${settings.calls} calls, ADD ran ${run.stats.applied} times for ${run.stats.distinctApplied} requests`, { applied: run.stats.applied, distinct: run.stats.distinctApplied, value });
    results.push({ withTable, ...run, value });
  }
  const [without, withTable] = results as [(typeof results)[number], (typeof results)[number]];
  if (without === undefined || withTable === undefined) throw new Error('the idempotency runs did not finish');
  const table = withTable.stats.duplicateTable!;
  progress(2 / 2.2, 'idempotency: a retry after the table forgot');
  const late = withTable.lastCall === undefined ? { appliedAgain: false, entriesAfterLifetime: 0 } : await lateRetry(context, guard, withTable.server, withTable.lastCall, settings.tableLifetime);
  await without.server.leave();
  await withTable.server.leave();
  const outcome = (run: (typeof results)[number]): IdempotencyOutcome => ({ calls: settings.calls, applied: run.stats.applied, duplicates: run.stats.applied - run.stats.distinctApplied });
  return {
    withoutDuplicateTable: outcome(without),
    withDuplicateTable: { ...outcome(withTable), tableBytes: table.peakBytes },
    details: results.map((run) => ({
      table: run.withTable ? ('with' as const) : ('without' as const),
      applied: run.stats.applied,
      answered: run.answered,
      failedCalls: settings.calls - run.answered,
      retries: run.retries,
      counterValue: run.value,
      valueClientExpects: run.answered * amount,
    })),
    duplicateTable: {
      lifetimeMs: settings.tableLifetime,
      peakEntries: table.peakEntries,
      bytesPerEntry: table.peakEntries === 0 ? 0 : Math.round(table.peakBytes / table.peakEntries),
      answeredFromTable: table.answeredFromTable,
      whileInProgress: table.whileInProgress,
      entriesAfterLifetime: late.entriesAfterLifetime,
      lateRetryAppliedAgain: late.appliedAgain,
    },
    faults: [...without.faults, ...withTable.faults],
  };
}
