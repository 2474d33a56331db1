import type { Workload } from '../workload/workload.ts';

/** workerData of a pool worker thread. */
export interface PoolWorkerData {
  workload: Workload;
}

/** Host to pool worker: do one request's work. */
export interface PoolJobMessage {
  jobId: number;
}

/** Pool worker to host: the job is done. */
export interface PoolJobDoneMessage {
  jobId: number;
}
