import { Worker } from 'node:worker_threads';
import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { architecturesEntryModules } from '../architecturesEntryModules.ts';
import type { ServerStats } from './serverArchitecture.ts';
import type { ServerControlMessage, ServerHostMessage, ServerHostOptions } from './serverMessages.ts';

/** How long a server gets to close by itself after `stop` before its thread is terminated. */
const stopGraceMs = 1000;

/** A server running in its own worker thread, seen from the thread that started it. */
export interface ServerWorker {
  /** Resolves with the port once the server listens; rejects if it cannot start. */
  readonly listening: Promise<number>;
  /**
   * Resolves (never rejects) with the reason if the server fails or its thread ends without being
   * asked to; stays pending otherwise.
   */
  readonly failed: Promise<Error>;
  /** The latest stats the server reported. */
  readonly latestStats: ServerStats | undefined;
  /** Asks the server to close, terminates its thread if it does not within a second; idempotent. */
  stop(): Promise<void>;
}

export function startServerWorker(options: ServerHostOptions, onStats?: (stats: ServerStats) => void): ServerWorker {
  const worker = new Worker(entryModulePath(architecturesEntryModules.server), { workerData: options });
  let latestStats: ServerStats | undefined;
  let stopRequested = false;
  let exited = false;
  let reportFailure: (error: Error) => void = () => {};
  let resolveListening: (port: number) => void = () => {};
  let rejectListening: (error: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => {
    reportFailure = resolve;
  });
  const listening = new Promise<number>((resolve, reject) => {
    resolveListening = resolve;
    rejectListening = reject;
  });
  // The engine may stop before listening settles; an unobserved rejection must not crash the app.
  listening.catch(() => {});
  const exit = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const failWith = (error: Error): void => {
    rejectListening(error);
    if (!stopRequested) reportFailure(error);
  };

  worker.on('message', (message: ServerHostMessage) => {
    if (message.type === 'listening') resolveListening(message.port);
    else if (message.type === 'stats') {
      latestStats = message.stats;
      onStats?.(message.stats);
    } else if (message.type === 'failed') {
      const reason = message.code === 'EADDRINUSE' ? `port ${options.port} is already in use` : message.message;
      failWith(new Error(reason));
    }
  });
  worker.on('error', (error) => failWith(error));
  worker.on('exit', (code) => {
    exited = true;
    failWith(new Error(`the server thread exited (code ${code})`));
  });

  return {
    listening,
    failed,
    get latestStats() {
      return latestStats;
    },
    async stop() {
      stopRequested = true;
      if (exited) return;
      worker.postMessage({ type: 'stop' } satisfies ServerControlMessage);
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<'late'>((resolve) => {
        graceTimer = setTimeout(() => resolve('late'), stopGraceMs);
      });
      const outcome = await Promise.race([exit, grace]);
      clearTimeout(graceTimer);
      if (outcome === 'late') await worker.terminate();
      await exit;
    },
  };
}
