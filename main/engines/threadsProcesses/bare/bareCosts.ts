import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { threadsProcessesEntryModules } from '../threadsProcessesEntryModules.ts';
import type { EngineContext } from '../../engine.ts';
import type { CreationFigures } from '../creationCost.ts';
import { DurationRecorder } from '../durationSummary.ts';
import type { FromBareHelperMessage } from './bareCostsMessages.ts';
import type { BareCreationKind, PingPongKind } from './bareMeasurements.ts';

export const bareCreationLabels: Record<BareCreationKind, string> = {
  'os-thread': 'OS thread: pthread_create + pthread_join (bare)',
  'os-spawn': 'OS process: posix_spawn + waitpid (bare)',
  'os-fork': 'OS process: fork + _exit + waitpid (bare)',
};

export const pingPongLabels: Record<PingPongKind, string> = {
  thread: 'two threads of one process, one CPU',
  process: 'two processes, one CPU',
  none: 'one thread, no switch (the same read and write)',
};

/** From the creating call until the thread or process has run, ended and been reaped: p50Us and totalP50Us agree. */
export interface BareCreationMetrics extends CreationFigures {
  kind: BareCreationKind;
  label: string;
  layer: 'operating-system';
}

export interface ContextSwitchMetrics {
  kind: PingPongKind;
  label: string;
  /** Ping-pong runs measured, each of roundTripsPerRun round trips. */
  runs: number;
  roundTripsPerRun: number;
  /** One pass of the byte: a write, a switch to the other side (none for kind `none`), a read. */
  hopP50Us: number;
  hopMinUs: number;
  hopMaxUs: number;
  /** hopP50Us minus the no-switch baseline: what the switch itself costs. */
  switchP50Us: number;
}

export type BareOsStatus =
  | {
      available: true;
      library: string;
      program: string;
      /** The CPU the ping-pong ran on, when it ran. */
      cpu?: number;
      /** Why fork and the context switches are missing, when they are. */
      missing?: string;
    }
  | { available: false; reason: string };

export interface BareCostsResult {
  status: BareOsStatus;
  creation: BareCreationMetrics[];
  contextSwitch: ContextSwitchMetrics[];
}

export interface BareCostsOptions {
  repetitions: number;
  pingPongRuns: number;
  pingPongRoundTrips: number;
}

/** Loading koffi and the C library may take this long on a slow machine before the helper is given up. */
const readyTimeoutMs = 15_000;
/** One creation or one ping-pong run: far above anything a working machine needs. */
const stepTimeoutMs = 10_000;

function roundedMicroseconds(nanoseconds: number): number {
  return Math.round(nanoseconds) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Measures creation and context-switch costs at the operating system's level in a helper process
 * (bareCostsHelper.ts). Never throws for a machine where that cannot be done: the status says why,
 * and the lab goes on with the runtime-level measurements.
 */
export async function measureBareCosts(
  options: BareCostsOptions,
  context: EngineContext,
  reportFraction: (fraction: number) => void,
): Promise<BareCostsResult> {
  const helper = fork(entryModulePath(threadsProcessesEntryModules.bareCosts), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  helper.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const exited = new Promise<string>((resolve) => {
    helper.once('exit', (code, signal) => resolve(signal === null ? `code ${code}` : `signal ${signal}`));
  });
  context.defer('bare measurement helper', async () => {
    if (helper.exitCode === null && helper.signalCode === null) {
      helper.kill('SIGKILL');
      await exited;
    }
  });

  const creation = new Map<BareCreationKind, DurationRecorder>();
  const hops = new Map<PingPongKind, number[]>();
  let status: BareOsStatus | undefined;
  let failure: string | undefined;
  let creationsMeasured = 0;
  let pingPongs = 0;
  const steps = options.repetitions + options.pingPongRuns * 3;
  let lastMessageAt = performance.now();
  let silenceLimitMs = readyTimeoutMs;
  const finished = new Promise<void>((resolve) => {
    helper.on('message', (message: FromBareHelperMessage) => {
      lastMessageAt = performance.now();
      silenceLimitMs = stepTimeoutMs;
      if (message.kind === 'ready') {
        status = { available: true, library: message.library, program: message.program, cpu: message.cpu };
        if (message.machineCodeUnavailable !== undefined) status = { ...status, missing: message.machineCodeUnavailable };
        for (const kind of message.creationKinds) creation.set(kind, new DurationRecorder());
        context.event('bare-helper-ready', `native measurements through ${message.library}${message.machineCodeUnavailable === undefined ? '' : `; ${message.machineCodeUnavailable}`}`, {
          library: message.library,
          ...(helper.pid === undefined ? {} : { pid: helper.pid }),
        });
      } else if (message.kind === 'unavailable') {
        status = { available: false, reason: message.reason };
        resolve();
      } else if (message.kind === 'creation-round') {
        for (const [kind, durations] of Object.entries(message.durationsMs) as [BareCreationKind, number[]][]) {
          creationsMeasured = Math.max(creationsMeasured, (creation.get(kind)?.count ?? 0) + durations.length);
          for (const milliseconds of durations) {
            creation.get(kind)?.recordMilliseconds(milliseconds);
            context.sample(kind, { creationUs: milliseconds * 1000 });
          }
        }
      } else if (message.kind === 'ping-pong') {
        if (message.pingPong === 'none') pingPongs += 1;
        hops.set(message.pingPong, [...(hops.get(message.pingPong) ?? []), message.hopNs]);
        context.sample(`ping-pong ${message.pingPong}`, { hopUs: message.hopNs / 1000 });
      } else if (message.kind === 'failed') {
        failure = message.message;
      } else if (message.kind === 'done') {
        resolve();
      }
      reportFraction((creationsMeasured + pingPongs * 3) / steps);
    });
    void exited.then(() => resolve());
  });
  // A helper stuck in native code (or a cancel) is killed; whatever it sent before stays.
  const watchdog = setInterval(() => {
    if (performance.now() - lastMessageAt <= silenceLimitMs) return;
    failure = `the native measurement helper sent nothing for ${silenceLimitMs / 1000} s`;
    helper.kill('SIGKILL');
  }, 250);
  const onAbort = (): void => {
    helper.kill('SIGKILL');
  };
  context.signal.addEventListener('abort', onAbort, { once: true });
  helper.send({ kind: 'measure', creationRepetitions: options.repetitions, pingPongRuns: options.pingPongRuns, pingPongRoundTrips: options.pingPongRoundTrips });
  try {
    await finished;
  } finally {
    clearInterval(watchdog);
    context.signal.removeEventListener('abort', onAbort);
  }
  const ending = await exited;
  if (status === undefined) {
    const detail = stderr.trim().split('\n').slice(-1)[0];
    status = { available: false, reason: `the native measurement helper ended before it measured (${ending}${detail ? `: ${detail}` : ''})` };
  }
  if (context.signal.aborted) failure = undefined;
  if (failure !== undefined) {
    context.log('warn', `the bare measurements stopped early: ${failure}`);
    if (status.available) status = { ...status, missing: [status.missing, failure].filter(Boolean).join('; ') };
  }
  if (!status.available) context.log('warn', `bare OS measurements are not available here: ${status.reason}; the creation check uses the runtime-level numbers`);

  const bareCreation: BareCreationMetrics[] = [...creation.entries()]
    .filter(([, recorder]) => recorder.count > 0)
    .map(([kind, recorder]) => ({
      kind,
      label: bareCreationLabels[kind],
      layer: 'operating-system' as const,
      count: recorder.count,
      p50Us: recorder.percentileUs(50),
      p99Us: recorder.percentileUs(99),
      maxUs: recorder.maxUs,
      meanUs: recorder.meanUs,
      totalP50Us: recorder.percentileUs(50),
      totalP99Us: recorder.percentileUs(99),
    }));
  const baseline = hops.get('none');
  const baselineNs = baseline === undefined || baseline.length === 0 ? undefined : median(baseline);
  const contextSwitch: ContextSwitchMetrics[] = (['thread', 'process', 'none'] as const)
    .filter((kind) => (hops.get(kind)?.length ?? 0) > 0)
    .map((kind) => {
      const values = hops.get(kind)!;
      const hopNs = median(values);
      return {
        kind,
        label: pingPongLabels[kind],
        runs: values.length,
        roundTripsPerRun: options.pingPongRoundTrips,
        hopP50Us: roundedMicroseconds(hopNs),
        hopMinUs: roundedMicroseconds(Math.min(...values)),
        hopMaxUs: roundedMicroseconds(Math.max(...values)),
        switchP50Us: roundedMicroseconds(baselineNs === undefined ? hopNs : Math.max(0, hopNs - baselineNs)),
      };
    });
  return { status, creation: bareCreation, contextSwitch };
}
