import { Worker } from 'node:worker_threads';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { threadsProcessesEntryModules } from './threadsProcessesEntryModules.ts';
import { EngineFailure, type EngineContext } from '../engine.ts';
import type { BlockingServerMessage, BlockingServerOptions, ServerDesign } from './blocking/blockingMessages.ts';
import { DurationRecorder } from './durationSummary.ts';
import { RunCancelled, waitWithin } from './waitWithin.ts';

export const serverDesigns = ['event-loop', 'worker-pool'] as const satisfies readonly ServerDesign[];

export const serverDesignLabels: Record<ServerDesign, string> = {
  'event-loop': 'one event loop: the handler blocks it',
  'worker-pool': 'event loop + thread pool: a pool thread blocks',
};

export interface BlockingMetrics {
  design: ServerDesign;
  label: string;
  /** Ticks that ran; each was due every tickIntervalMs. */
  ticks: number;
  tickIntervalMs: number;
  /** Requests whose blocking call began (on the server thread or a pool thread). */
  requests: number;
  /** Requests due in the window whose blocking call never began: the server fell behind. */
  unservedRequests: number;
  /** The blocking time each call asked for. */
  blockMs: number;
  /** How long the blocking calls really slept, measured on the thread that made them (mean). */
  blockedMeanMs: number;
  /** From a request's arrival time until its blocking call ended: the call plus any wait before it. */
  responseMaxMs: number;
  /** How long after its due time a tick ran. */
  p50LatenessMs: number;
  p99LatenessMs: number;
  maxLatenessMs: number;
}

export interface BlockingOptions {
  duration: number;
  tickInterval: number;
  blockingCall: number;
  requestEvery: number;
  poolSize: number;
}

/** Starting the server thread (and its pool) may take this long on a busy machine. */
const startTimeoutMs = 15_000;

function millisecondsOf(microseconds: number): number {
  return Math.round(microseconds) / 1000;
}

/**
 * Runs one design in its own thread, so a blocked event loop stalls that thread's loop and not the
 * app's own (which keeps receiving the ticks and can still cancel).
 */
export async function watchServerDesign(
  design: ServerDesign,
  options: BlockingOptions,
  context: EngineContext,
  reportFraction: (fraction: number) => void,
): Promise<BlockingMetrics | undefined> {
  const serverOptions: BlockingServerOptions = {
    design,
    tickIntervalMs: options.tickInterval,
    durationMs: options.duration,
    blockMs: options.blockingCall,
    blockEveryMs: options.requestEvery,
    poolSize: options.poolSize,
    poolWorkerPath: entryModulePath(threadsProcessesEntryModules.blockingPoolWorker),
  };
  const worker = new Worker(entryModulePath(threadsProcessesEntryModules.blockingServer), { workerData: serverOptions });
  // Terminating a thread also ends the pool threads it started.
  context.defer(`${design} server thread`, async () => {
    await worker.terminate();
  });
  const lateness = new DurationRecorder();
  const blocked = new DurationRecorder();
  const response = new DurationRecorder();
  let resolveStarted: () => void = () => {};
  let resolveDone: (done: { ticks: number; requests: number; unserved: number }) => void = () => {};
  let rejectRun: (error: Error) => void = () => {};
  const started = new Promise<void>((resolve, reject) => {
    resolveStarted = resolve;
    rejectRun = reject;
  });
  const done = new Promise<{ ticks: number; requests: number; unserved: number }>((resolve, reject) => {
    resolveDone = resolve;
    const previousReject = rejectRun;
    rejectRun = (error) => {
      previousReject(error);
      reject(error);
    };
  });
  started.catch(() => {});
  done.catch(() => {});
  worker.on('message', (message: BlockingServerMessage) => {
    if (message.kind === 'started') {
      resolveStarted();
      context.event('server-started', `${design} server started${message.poolThreads > 0 ? ` with ${message.poolThreads} pool threads` : ''}`, {
        design,
        poolThreads: message.poolThreads,
      });
    } else if (message.kind === 'tick') {
      lateness.recordMilliseconds(message.latenessMs);
      context.sample(design, { tickLatenessMs: message.latenessMs });
      reportFraction(Math.min(1, (message.index * options.tickInterval) / options.duration));
    } else if (message.kind === 'blocked') {
      blocked.recordMilliseconds(message.blockedMs);
      response.recordMilliseconds(message.responseMs);
      context.event('blocking-call', `${design}: request ${message.request} slept ${message.blockedMs.toFixed(1)} ms on ${message.onServerThread ? 'the server thread' : 'a pool thread'}`, {
        design,
        request: message.request,
        blockedMs: message.blockedMs,
        onServerThread: message.onServerThread,
      });
    } else if (message.kind === 'done') {
      resolveDone({ ticks: message.ticks, requests: message.requests, unserved: message.unserved });
    }
  });
  worker.once('error', (error) => rejectRun(new EngineFailure(`the ${design} server thread failed: ${error.message}`)));
  worker.once('exit', (code) => rejectRun(new EngineFailure(`the ${design} server thread ended early (code ${code})`)));

  try {
    await waitWithin(started, context.signal, startTimeoutMs, `the ${design} server to start`);
    const summary = await waitWithin(done, context.signal, options.duration + options.blockingCall + startTimeoutMs, `the ${design} server to finish`);
    return {
      design,
      label: serverDesignLabels[design],
      ticks: summary.ticks,
      tickIntervalMs: options.tickInterval,
      requests: summary.requests,
      unservedRequests: summary.unserved,
      blockMs: options.blockingCall,
      blockedMeanMs: millisecondsOf(blocked.meanUs),
      responseMaxMs: millisecondsOf(response.maxUs),
      p50LatenessMs: millisecondsOf(lateness.percentileUs(50)),
      p99LatenessMs: millisecondsOf(lateness.percentileUs(99)),
      maxLatenessMs: millisecondsOf(lateness.maxUs),
    };
  } catch (error) {
    if (error instanceof RunCancelled) return undefined;
    throw error;
  } finally {
    await worker.terminate();
  }
}
