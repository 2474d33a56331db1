import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { architecturesEntryModules } from '../architecturesEntryModules.ts';
import { startWorkerThread } from '../../../toolkit/supervisedChild.ts';
import { serverThreadName } from '../cpu/threadNames.ts';
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
  const thread = startWorkerThread<ServerHostMessage, ServerControlMessage, number>(entryModulePath(architecturesEntryModules.server), {
    name: 'the server thread',
    workerData: options,
    threadName: serverThreadName,
    readyFrom: (message) => (message.type === 'listening' ? message.port : undefined),
    failureFrom: (message) => (message.type === 'failed' ? new Error(message.code === 'EADDRINUSE' ? `port ${options.port} is already in use` : message.message) : undefined),
    stopMessage: { type: 'stop' } satisfies ServerControlMessage,
  });
  let latestStats: ServerStats | undefined;
  thread.onMessage((message) => {
    if (message.type !== 'stats') return;
    latestStats = message.stats;
    onStats?.(message.stats);
  });

  return {
    listening: thread.ready,
    failed: thread.failed,
    get latestStats() {
      return latestStats;
    },
    async stop() {
      await thread.stop(stopGraceMs);
    },
  };
}
