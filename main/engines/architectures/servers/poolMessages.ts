import type { Workload } from '../../../workload/workload.ts';

/** workerData of a pool worker thread. */
export interface PoolWorkerData {
  workload: Workload;
  /** Seed of this thread's service-time draws. */
  seed: number;
}

/** Host to pool worker: do one request's work. */
export interface PoolJobMessage {
  jobId: number;
  /** The request target (a `file` workload picks its file from it). */
  target: string;
}

/** Pool worker to host: the job is done, with the body to send when it is not the usual one. */
export interface PoolJobDoneMessage {
  jobId: number;
  body?: Uint8Array;
  failure?: string;
}
