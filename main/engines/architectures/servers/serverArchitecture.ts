import type { Server } from 'node:net';
import type { RequestWork } from '../../../workload/requestWork.ts';
import type { Workload } from '../../../workload/workload.ts';

/** What every server architecture is built from; the host listens and stops it. */
export interface ArchitectureServerOptions {
  workload: Workload;
  responseBody: Buffer;
  /** Size of the worker pool, for architectures that have one. */
  workers: number;
  /** Requests served on one connection before the server closes it; 0 for no limit. */
  requestsPerConnection: number;
  /** Requests waiting for a worker beyond which new ones are refused with 503. */
  queueCapacity: number;
  /** Seed of the service-time draws; each thread or process derives its own from it. */
  seed: number;
}

/** Answers a request from a work result: its body, or 500 when the work failed. */
export function answerWith(done: (status?: number, reason?: string, body?: Buffer) => void): (body?: Buffer, failure?: string) => void {
  return (body, failure) => (failure === undefined ? done(undefined, undefined, body) : done(500, failure));
}

/**
 * Serves a request on this very thread, blocking it for the whole work (iterative server, a
 * process per connection); `onServed` counts the requests that succeeded.
 */
export function serveBlocking(work: RequestWork, target: string, done: (status?: number, reason?: string, body?: Buffer) => void, onServed: () => void): void {
  const answer = answerWith(done);
  let body: Buffer | undefined;
  try {
    body = work.runBlocking(target);
  } catch (error) {
    answer(undefined, `the work failed: ${(error as Error).message}`);
    return;
  }
  onServed();
  answer(body);
}

export interface ServerStats {
  /** Open client connections. */
  connections: number;
  /** Work waiting for the server: queued requests (thread pool) or queued connections (iterative). */
  queueLength: number;
  requestsServed: number;
  /** Processes started so far (process-per-request, prefork). */
  processesStarted?: number;
  /** Threads started so far (thread-per-request). */
  threadsStarted?: number;
}

export interface ArchitectureServer {
  /** The listening socket, not yet listening: the host binds it. */
  readonly server: Server;
  stats(): ServerStats;
  /** Releases what the architecture owns besides the listening socket (workers, queued connections). */
  close(): Promise<void>;
}

/** Builds a server; `onFailure` reports a fault after start-up (a pool thread that died). */
export type ArchitectureServerFactory = (
  options: ArchitectureServerOptions,
  onFailure: (error: Error) => void,
) => ArchitectureServer | Promise<ArchitectureServer>;
