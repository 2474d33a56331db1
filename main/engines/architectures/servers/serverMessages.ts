import type { ArchitectureName } from '../architectureCatalog.ts';
import type { Workload } from '../../../workload/workload.ts';
import type { ServerStats } from './serverArchitecture.ts';

/** workerData of a server host thread. */
export interface ServerHostOptions {
  architecture: ArchitectureName;
  workload: Workload;
  responseSizeBytes: number;
  /** 0 asks the system for a free port. */
  port: number;
  /** Pool size (thread-pool). */
  workers?: number;
  /** Requests per connection before the server closes it; 0 for no limit (iterative defaults to 1). */
  requestsPerConnection?: number;
  /** Requests the pool queue holds before refusing with 503 (thread-pool). */
  queueCapacity?: number;
  /** How often the host reports its stats. */
  statsIntervalMs?: number;
  /** Seed of the service-time draws (each thread or process derives its own). */
  seed?: number;
  /**
   * Freeze the server's main thread for `durationMs` every `everyMs`, as a garbage-collection
   * pause or a swapped-out page does: the stall a load generator must not hide.
   */
  stall?: { everyMs: number; durationMs: number };
}

export type ServerHostMessage =
  | { type: 'listening'; port: number }
  | { type: 'stats'; stats: ServerStats }
  /** The server could not start (port in use) or broke (a pool thread died); the host exits. */
  | { type: 'failed'; message: string; code?: string };

export type ServerControlMessage = { type: 'stop' };
