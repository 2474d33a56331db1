// Entry module of one pool worker thread (thread pool, event loop + pool, thread per request):
// it does each request's work on its own thread, blocking it (io waits with Atomics.wait, cpu
// computes, file reads with a blocking call), and reports back to the server thread.
import { parentPort, workerData } from 'node:worker_threads';
import { RequestWork } from '../../../workload/requestWork.ts';
import type { PoolJobDoneMessage, PoolJobMessage, PoolWorkerData } from './poolMessages.ts';

const data = workerData as PoolWorkerData;
const work = new RequestWork(data.workload, data.seed);

parentPort!.on('message', (message: PoolJobMessage) => {
  let reply: PoolJobDoneMessage;
  try {
    const body = work.runBlocking(message.target);
    reply = body === undefined ? { jobId: message.jobId } : { jobId: message.jobId, body };
  } catch (error) {
    reply = { jobId: message.jobId, failure: `the work failed: ${(error as Error).message}` };
  }
  parentPort!.postMessage(reply);
});
