// Runs one migration end to end: allocates both hosts' copies of guest memory, starts the host,
// guest and (for the key-value guest) client threads, lets the guest run, migrates it, injects a
// failure if asked, samples progress, response time and the destination's page map, verifies the
// result and releases everything.
import { Worker } from 'node:worker_threads';
import { HdrHistogram } from '../../measure/hdrHistogram.ts';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { vmMigrationEntryModules } from './vmMigrationEntryModules.ts';
import { bounded, pause, within } from '../../toolkit/abortableWaits.ts';
import { createFaultTraceBuffers, faultHopBreakdown } from './faultHops.ts';
import { FrontPort } from './frontPort.ts';
import { createGuestControlBuffers, epochMs, GuestControl, runStates, statSlots, type GuestControlBuffers } from './guest/guestControl.ts';
import { createGuestMemoryBuffers, pagePresent, type GuestMemoryBuffers } from './guest/guestMemory.ts';
import type { GuestMemoryPair } from './guest/guestMemoryPair.ts';
import type { GuestReport, GuestThreadOptions } from './guest/guestRuntime.ts';
import { createRingBuffer } from './guest/sharedRing.ts';
import type { HostOptions, HostReport, HostRequest, SourceMigrationResult } from './hosts/hostMessages.ts';
import { createInstallerBuffers } from './hosts/pageInstaller.ts';
import { KeyValueLoad } from './keyValueLoad.ts';
import type { MigrationMetrics, MigrationSpec } from './migrationSpec.ts';
import { summarizeMigration } from './migrationSummary.ts';
import { ProgressRecorder } from './progressRecorder.ts';

export interface SessionHooks {
  sample(series: string, values: Record<string, number>): void;
  event(kind: string, message: string, data?: Record<string, unknown>): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  random(): number;
  signal: AbortSignal;
  defer(name: string, release: () => void | Promise<void>): void;
}

const sampleIntervalMs = 50;
/** How long release gives a thread to end before it lets go of it (a thread in a system call cannot be ended). */
const terminateGraceMs = 1_000;
/** The bound on each start-up step of a session (front port, client connections). */
const startStepMs = 10_000;

/** With PROCLAB_DEBUG_CANCEL=1, each wait of a session and its release go to stderr, timestamped. */
const debugCancel = process.env.PROCLAB_DEBUG_CANCEL === '1';
function trace(name: string, step: string): void {
  if (debugCancel) process.stderr.write(`[vm-migration ${new Date().toISOString()}] ${name}: ${step}\n`);
}
/** Awaits `promise`, tracing its start and end with PROCLAB_DEBUG_CANCEL=1. */
async function traced<T>(name: string, step: string, promise: Promise<T>): Promise<T> {
  trace(name, `${step}…`);
  try {
    return await promise;
  } finally {
    trace(name, `${step} done`);
  }
}
/** The guest's progress for its recovery time, read this often from the migration's start. */
const progressIntervalMs = 5;
const pageMapBuckets = 64;

interface HostThread {
  worker: Worker;
  reports: HostReport[];
  waiters: ((report: HostReport) => void)[];
}

function startHost(options: HostOptions, onReport: (report: HostReport) => void): HostThread {
  const worker = new Worker(entryModulePath(vmMigrationEntryModules.host), { workerData: options });
  const thread: HostThread = { worker, reports: [], waiters: [] };
  worker.on('message', (report: HostReport) => {
    onReport(report);
    thread.reports.push(report);
    for (const waiter of thread.waiters.splice(0)) waiter(report);
  });
  const deliver = (report: HostReport): void => {
    thread.reports.push(report);
    for (const waiter of thread.waiters.splice(0)) waiter(report);
  };
  worker.on('error', (error) => deliver({ kind: 'host-error', message: error.message }));
  worker.on('exit', () => deliver({ kind: 'host-exited' }));
  return thread;
}

/** Waits for a report of one of `kinds` from a host (bounded), including ones already received. */
function nextReport<Kind extends HostReport['kind']>(thread: HostThread, kinds: readonly Kind[], timeoutMs: number, signal: AbortSignal): Promise<Extract<HostReport, { kind: Kind }> | undefined> {
  const seen = thread.reports.find((report) => (kinds as readonly string[]).includes(report.kind));
  if (seen !== undefined) return Promise.resolve(seen as Extract<HostReport, { kind: Kind }>);
  const arrived = new Promise<Extract<HostReport, { kind: Kind }>>((resolve) => {
    const listen = (report: HostReport): void => {
      if ((kinds as readonly string[]).includes(report.kind)) resolve(report as Extract<HostReport, { kind: Kind }>);
      else thread.waiters.push(listen);
    };
    thread.waiters.push(listen);
  });
  return within(arrived, timeoutMs, signal);
}

interface GuestThread {
  worker: Worker;
  control: GuestControl;
  report: Promise<GuestReport | undefined>;
}

function startGuest(options: GuestThreadOptions): GuestThread {
  const worker = new Worker(entryModulePath(vmMigrationEntryModules.guest), { workerData: options });
  const report = new Promise<GuestReport | undefined>((resolve) => {
    worker.once('message', (message: GuestReport) => resolve(message));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  return { worker, control: new GuestControl(options.control), report };
}

async function stopGuest(guest: GuestThread, timeoutMs: number): Promise<GuestReport | undefined> {
  if (guest.control.runState !== runStates.lost && guest.control.runState !== runStates.exited) guest.control.setRunState(runStates.exitRequested);
  const report = await within(guest.report, timeoutMs);
  await guest.worker.terminate();
  return report;
}

/**
 * Registers `release` with the run, and returns it to be called when the session ends; once it has
 * run, the run holds nothing of the session. The run keeps what it was given until it ends, and a
 * closure made in the session would keep the session's whole scope alive with it: both copies of
 * guest memory, so every strategy of a run would hold 2x guest memory until the last one ended.
 */
function deferOnce(hooks: SessionHooks, name: string, release: () => Promise<void>): () => Promise<void> {
  let pending: (() => Promise<void>) | undefined = release;
  const releaseOnce = async (): Promise<void> => {
    const releasing = pending;
    pending = undefined;
    await releasing?.();
  };
  hooks.defer(name, releaseOnce);
  return releaseOnce;
}

/**
 * Runs one migration. `memory`: both copies of guest memory to use (reset to a fresh guest's), where
 * a run migrates the same guest several times; without it, or for another size, the session makes
 * its own.
 */
export async function runMigrationSession(spec: MigrationSpec, hooks: SessionHooks, memory?: GuestMemoryPair): Promise<MigrationMetrics> {
  const copies = memory !== undefined && memory.memoryBytes === spec.memoryBytes && memory.pageSize === spec.pageSize ? memory.take() : undefined;
  const sourceMemory: GuestMemoryBuffers = copies?.source ?? createGuestMemoryBuffers(spec.memoryBytes, spec.pageSize, true);
  const destinationMemory: GuestMemoryBuffers = copies?.destination ?? createGuestMemoryBuffers(spec.memoryBytes, spec.pageSize, false);
  const sourceControl: GuestControlBuffers = createGuestControlBuffers();
  const destinationControl: GuestControlBuffers = createGuestControlBuffers();
  const withNic = spec.workload.kind === 'kv-server';
  const nicFor = () => (withNic ? { receive: createRingBuffer(1 << 20), transmit: createRingBuffer(1 << 20) } : undefined);
  const sourceNic = nicFor();
  const destinationNic = nicFor();
  const lifetimeMs = spec.warmupMs + spec.afterMs + spec.strategyOptions.maximumMigrationMs + 60_000;
  const guestOptions = (role: 'source' | 'destination'): GuestThreadOptions => ({
    role,
    memory: role === 'source' ? sourceMemory : destinationMemory,
    control: role === 'source' ? sourceControl : destinationControl,
    ...((role === 'source' ? sourceNic : destinationNic) === undefined ? {} : { nic: (role === 'source' ? sourceNic : destinationNic)! }),
    workload: spec.workload,
    seed: spec.seed,
    maximumFaultWaitMs: 30_000,
    maximumLifetimeMs: lifetimeMs,
  });

  // Rounds and switch-over go to the timeline as they happen; each round is also a sample.
  const onReport = (report: HostReport): void => {
    if (report.kind === 'round') {
      const { round, pagesSent, pagesDirtied } = report.round;
      hooks.event('round', `${spec.name}: round ${round}: ${pagesSent} pages sent, ${pagesDirtied} dirtied meanwhile`, { series: spec.name, ...report.round });
      hooks.sample(spec.name, { roundPagesSent: pagesSent, roundPagesDirtied: pagesDirtied });
    } else if (report.kind === 'switch-over') {
      hooks.event('switch-over', `${spec.name}: ${report.reason}`, { series: spec.name, predictedDowntimeMs: report.predictedDowntimeMs, pagesLeft: report.pagesLeft });
    } else if (report.kind === 'resumed') {
      hooks.event('resumed', `${spec.name}: the VM runs at the destination`, { series: spec.name });
    } else if (report.kind === 'vm-lost') {
      hooks.event('vm-lost', `${spec.name}: VM lost: ${report.reason}`, { series: spec.name });
    }
  };
  // Post-copy's page requests are stamped hop by hop, for the breakdown of its slowest faults.
  const faultTrace = spec.strategy === 'post-copy' || spec.strategy === 'hybrid' ? createFaultTraceBuffers(sourceMemory.pageCount) : undefined;
  const source = startHost({ role: 'source', memory: sourceMemory, control: sourceControl, nic: sourceNic, ...(faultTrace === undefined ? {} : { faultTrace }) }, onReport);
  const destinationInstaller = createInstallerBuffers(destinationMemory);
  const destination = startHost({ role: 'destination', memory: destinationMemory, control: destinationControl, nic: destinationNic, installer: destinationInstaller }, onReport);
  let sourceGuest: GuestThread | undefined;
  let destinationGuest: GuestThread | undefined;
  let frontPort: FrontPort | undefined;
  let load: KeyValueLoad | undefined;
  const release = async (): Promise<void> => {
    load?.close();
    frontPort?.close();
    for (const host of [source, destination]) host.worker.postMessage({ kind: 'close' } satisfies HostRequest);
    // Hosts first: a destination guest blocked in a read on its page line (a system call, which
    // terminate() cannot interrupt) gets out only when the source's end of the line closes.
    await terminateWithin('host', [source.worker, destination.worker]);
    await terminateWithin('guest', [sourceGuest?.worker, destinationGuest?.worker]);
  };
  // A thread that does not end within its grace (blocked in a system call, which terminate() cannot
  // interrupt) is let go of, unreferenced, so a cancel still ends the run within seconds.
  const terminateWithin = async (what: string, workers: (Worker | undefined)[]): Promise<void> => {
    const ending = Promise.all(workers.map((worker) => worker?.terminate()));
    const ended = await traced(spec.name, `release: terminate ${what}`, bounded(ending, terminateGraceMs));
    if (ended.outcome === 'settled') return;
    for (const worker of workers) worker?.unref();
    hooks.log('warn', `${spec.name}: the ${what} threads did not end within ${terminateGraceMs} ms of their release; let go of`);
  };
  const releaseNow = deferOnce(hooks, `vm-migration ${spec.name}: threads`, release);

  try {
    const [sourceReady, destinationReady] = await traced(spec.name, 'hosts ready', Promise.all([
      nextReport(source, ['ready', 'host-error'], 20_000, hooks.signal),
      nextReport(destination, ['ready', 'host-error'], 20_000, hooks.signal),
    ]));
    if (sourceReady?.kind !== 'ready' || destinationReady?.kind !== 'ready') throw new Error(`a host did not start: ${JSON.stringify(sourceReady ?? destinationReady)}`);

    sourceGuest = startGuest(guestOptions('source'));
    destinationGuest = startGuest({ ...guestOptions('destination'), pageRequestPort: sourceReady.urgentPort, installer: destinationInstaller, ...(faultTrace === undefined ? {} : { faultTrace }) });
    const sourceStats = sourceGuest.control.stats;
    const destinationStats = destinationGuest.control.stats;
    // The source guest fills its memory first (up to a few seconds for 1 GiB), then runs.
    const initUntil = performance.now() + 120_000;
    trace(spec.name, 'guest start…');
    while (sourceGuest.control.runState === runStates.waiting && performance.now() < initUntil && !hooks.signal.aborted) await pause(5, hooks.signal);
    trace(spec.name, `guest start done (${sourceGuest.control.runState})`);
    // Cancelled while the guest fills its memory: its report would come only when it ends, at the
    // end of its lifetime (a minute and more), since nothing has asked it to stop yet.
    throwIfCancelled(spec.name, hooks.signal);
    if (sourceGuest.control.runState !== runStates.running) throw new Error(`the guest did not start (${JSON.stringify(await traced(spec.name, 'guest report', within(sourceGuest.report, 3_000, hooks.signal)))})`);

    if (withNic) {
      frontPort = new FrontPort();
      const frontPortNumber = await startStep(spec.name, 'front port listen', frontPort.listen(), hooks.signal);
      await startStep(spec.name, 'front port connect source', frontPort.connectHost('source', sourceReady.nicPort), hooks.signal);
      await startStep(spec.name, 'front port connect destination', frontPort.connectHost('destination', destinationReady.nicPort), hooks.signal);
      load = new KeyValueLoad({ port: frontPortNumber, connections: spec.clients.connections, requestsPerSecond: spec.clients.requestsPerSecond, keyCount: spec.workload.keyCount, writeFraction: spec.clients.writeFraction, random: hooks.random });
      await startStep(spec.name, 'load start', load.start(), hooks.signal);
    }

    // Sampling: progress rate, client response time and the destination's page map, every 50 ms.
    const destinationPageTable = new Int32Array(destinationMemory.pageTable);
    let lastOperations = 0;
    let lastSampleAt = performance.now();
    const progressSamples: { atEpochMs: number; rate: number }[] = [];
    let sampling = true;
    // The guest's CPU state carries its count across the migration: whichever copy ran last has it.
    const guestOperations = (): number => Math.max(sourceStats[statSlots.operations]!, destinationStats[statSlots.operations]!);
    const takeSample = (): void => {
      const now = performance.now();
      const operations = guestOperations();
      const rate = ((operations - lastOperations) * 1000) / Math.max(now - lastSampleAt, 1);
      lastOperations = operations;
      lastSampleAt = now;
      let present = 0;
      for (let page = 0; page < destinationPageTable.length; page += 1) if (destinationPageTable[page] === pagePresent) present += 1;
      const values: Record<string, number> = {
        guestOperationsPerSecond: rate,
        pagesAtDestinationPercent: (100 * present) / destinationPageTable.length,
        networkFaults: destinationStats[statSlots.networkFaults]!,
      };
      if (load !== undefined) {
        const window = load.takeWindow();
        values.responseTimeMaxMs = window.responseTimeMaxMs;
        values.responseTimeP99Ms = window.responseTimeP99Ms;
        values.clientRequestsPerSecond = (window.responses * 1000) / sampleIntervalMs;
      }
      progressSamples.push({ atEpochMs: epochMs(), rate });
      hooks.sample(spec.name, values);
    };
    const sampler = setInterval(() => sampling && takeSample(), sampleIntervalMs);
    const progress = new ProgressRecorder(guestOperations, progressIntervalMs);
    const pageMapTimer = setInterval(() => {
      const buckets: number[] = [];
      const perBucket = Math.ceil(destinationPageTable.length / pageMapBuckets);
      for (let bucket = 0; bucket < pageMapBuckets; bucket += 1) {
        let present = 0;
        const end = Math.min(destinationPageTable.length, (bucket + 1) * perBucket);
        for (let page = bucket * perBucket; page < end; page += 1) if (destinationPageTable[page] === pagePresent) present += 1;
        buckets.push(Math.round((100 * present) / Math.max(1, end - bucket * perBucket)));
      }
      hooks.event('page-map', `${spec.name}: pages at the destination by region (%)`, { series: spec.name, buckets });
      // The same map as a sample, so the window draws it live as a heat map (one row per sample).
      hooks.sample(spec.name, Object.fromEntries(buckets.map((percent, bucket) => [`pageRegion${bucket}`, percent])));
    }, 250);

    let hostResult: SourceMigrationResult | undefined;
    let keptRunningAtSource = false;
    let lost = '';
    let migrationStartedAt = 0;
    try {
      await traced(spec.name, 'warm-up', pause(spec.warmupMs, hooks.signal));
      load?.resetSilence();
      hooks.event('migration-started', `${spec.name}: ${spec.strategy} migration started`, { series: spec.name, strategy: spec.strategy });
      migrationStartedAt = epochMs();
      progress.start();
      source.worker.postMessage({ kind: 'migrate', options: { ...spec.strategyOptions, strategy: spec.strategy, shape: spec.shape } } satisfies HostRequest);
      destination.worker.postMessage({ kind: 'connect', port: sourceReady.linkPort } satisfies HostRequest);
      if (spec.failure !== 'none') {
        setTimeout(() => {
          hooks.event('failure-injected', `${spec.name}: ${spec.failure}`, { series: spec.name, failure: spec.failure });
          if (spec.failure === 'cut-link') source.worker.postMessage({ kind: 'cut-link' } satisfies HostRequest);
          if (spec.failure === 'kill-destination') void destination.worker.terminate();
          if (spec.failure === 'kill-source') {
            // The source machine dies: its host and the (stopped) guest thread on it.
            void source.worker.terminate();
            void sourceGuest?.worker.terminate();
          }
        }, spec.failureAfterMs);
      }
      const bound = spec.strategyOptions.maximumMigrationMs + 10_000;
      const ended = await traced(spec.name, 'migration end', Promise.race([
        nextReport(source, ['migration-result', 'host-error', 'host-exited'], bound, hooks.signal),
        nextReport(destination, ['vm-lost', 'link-lost', 'host-exited'], bound, hooks.signal),
      ]));
      if (ended?.kind === 'host-error') throw new Error(`host failed: ${ended.message}`);
      // One side saw the end first; give the other side a bounded moment to say what it saw.
      const [sourceEnd, destinationEnd] = await traced(spec.name, 'both ends', Promise.all([
        nextReport(source, ['migration-result', 'host-exited'], ended === undefined ? 0 : 5_000, hooks.signal),
        nextReport(destination, ['vm-lost', 'destination-complete', 'host-exited'], ended === undefined ? 0 : 1_000, hooks.signal),
      ]));
      if (sourceEnd?.kind === 'migration-result') hostResult = sourceEnd.result;
      if (destinationEnd?.kind === 'vm-lost') lost = destinationEnd.reason;
      else if (hostResult === undefined && sourceEnd?.kind === 'host-exited') lost = 'the source host died before the VM ran at the destination';
      else if (hostResult === undefined && !hooks.signal.aborted) throw new Error(`the migration did not end within ${bound} ms`);
      if (hostResult?.outcome === 'aborted') {
        // The point of aborting: the guest must still run at the source.
        const before = sourceStats[statSlots.operations]!;
        await traced(spec.name, 'kept running', pause(200, hooks.signal));
        keptRunningAtSource = sourceGuest.control.runState === runStates.running && (spec.workload.kind !== 'writer' && spec.workload.kind !== 'scanner' ? true : sourceStats[statSlots.operations]! > before);
      }
      if (hostResult !== undefined) hooks.event('migration-ended', `${spec.name}: ${hostResult.outcome}${hostResult.reason === '' ? '' : `: ${hostResult.reason}`}`, { series: spec.name, outcome: hostResult.outcome });
      await traced(spec.name, 'after', pause(spec.afterMs, hooks.signal));
    } finally {
      sampling = false;
      progress.stop();
      clearInterval(sampler);
      clearInterval(pageMapTimer);
    }

    // A cancelled session measures nothing more: stopping its guests here could wait on a guest
    // blocked on its page line, whose source end closes only in release().
    throwIfCancelled(spec.name, hooks.signal);
    const clientDowntimeMs = load?.longestSilenceMs ?? 0;
    let kvIntegrity = 'ok';
    if (load !== undefined) {
      await traced(spec.name, 'load stop', load.stop(5_000));
      kvIntegrity = hostResult?.outcome === 'completed' || hostResult?.outcome === 'aborted' ? await traced(spec.name, 'load verify', load.verify(10_000)) : 'not checked: the VM did not survive';
    }
    const [sourceReport, destinationReport] = await traced(spec.name, 'stop guests', Promise.all([stopGuest(sourceGuest, 3_000), stopGuest(destinationGuest, 3_000)]));
    const faultLatency = new HdrHistogram();
    if (destinationReport !== undefined) faultLatency.merge(destinationReport.faultLatency);
    const destinationTime = (kind: 'resumed' | 'destination-complete'): number => {
      const report = destination.reports.find((candidate) => candidate.kind === kind) as { atEpochMs: number } | undefined;
      return report?.atEpochMs ?? 0;
    };
    return summarizeMigration({
      spec,
      hostResult,
      lost,
      migrationStartedAt,
      destinationHostResumedAt: destinationTime('resumed'),
      destinationHostCompletedAt: destinationTime('destination-complete'),
      sourceStats,
      destinationStats,
      sourceReport,
      destinationReport,
      faultLatency,
      faultHops: faultTrace === undefined ? undefined : faultHopBreakdown(faultTrace),
      clientDowntimeMs,
      clientResponse: load?.overall,
      kvIntegrity,
      keptRunningAtSource,
      progressSamples,
      progressPoints: progress.points,
      guestPages: sourceMemory.pageCount,
    });
  } finally {
    await traced(spec.name, 'release', releaseNow());
  }
}

/** One start-up step, bounded, that ends at a cancel (then the session stops with the signal's AbortError). */
async function startStep<T>(name: string, step: string, promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const ended = await traced(name, step, bounded(promise, startStepMs, signal));
  if (ended.outcome === 'settled') return ended.value;
  if (ended.outcome === 'aborted') throwIfCancelled(name, signal);
  throw new Error(`${step} did not finish within ${startStepMs} ms`);
}

/** A cancelled session measures nothing more: it stops with the signal's AbortError, traced. */
function throwIfCancelled(name: string, signal: AbortSignal): void {
  if (!signal.aborted) return;
  trace(name, 'cancelled');
  signal.throwIfAborted();
}
