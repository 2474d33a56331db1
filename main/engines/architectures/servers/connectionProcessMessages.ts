import type { Workload } from '../../../workload/workload.ts';

/** What a connection-serving child process is told on its command line (as JSON). */
export interface ConnectionProcessOptions {
  /** `one-connection`: serve the connection handed over, then exit (process per connection). `pool`: serve one connection after another (prefork). */
  mode: 'one-connection' | 'pool';
  workload: Workload;
  seed: number;
  responseSizeBytes: number;
  /** Requests per connection before the child closes it; 0 for no limit. */
  requestsPerConnection: number;
  /** A connection idle this long (no request in progress) is closed. */
  idleTimeoutMs: number;
  serverName: string;
}

/** Parent to child, sent with the accepted socket as the handle. */
export type ConnectionHandOver = { type: 'connection' };

export type ConnectionProcessMessage =
  /** The child listens for sockets. */
  | { type: 'ready' }
  /** The connection it was serving has closed; the child can take another (pool mode). */
  | { type: 'idle'; requestsServed: number };
