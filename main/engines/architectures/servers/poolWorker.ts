// Entry module of one thread-pool worker thread: it does each request's work on its own thread,
// blocking it (io waits with Atomics.wait, cpu computes), and reports back to the server thread.
import { parentPort, workerData } from 'node:worker_threads';
import { performBlockingWork } from '../workload/workload.ts';
import type { PoolJobDoneMessage, PoolJobMessage, PoolWorkerData } from './poolMessages.ts';

const { workload } = workerData as PoolWorkerData;

parentPort!.on('message', (message: PoolJobMessage) => {
  performBlockingWork(workload);
  parentPort!.postMessage({ jobId: message.jobId } satisfies PoolJobDoneMessage);
});
