import type { Workload } from '../../../workload/workload.ts';

/** workerData of a thread created for one request (thread-per-request). */
export interface RequestThreadData {
  workload: Workload;
  seed: number;
  target: string;
}
