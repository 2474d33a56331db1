// Entry module of the thread a thread-per-request server creates for one request: it does the
// work with blocking calls, posts the outcome and ends (the thread is not reused).
import { parentPort, workerData } from 'node:worker_threads';
import { RequestWork } from '../../../workload/requestWork.ts';
import type { PoolJobDoneMessage } from './poolMessages.ts';
import type { RequestThreadData } from './requestThreadMessages.ts';

const data = workerData as RequestThreadData;
let reply: PoolJobDoneMessage;
try {
  const body = new RequestWork(data.workload, data.seed).runBlocking(data.target);
  reply = body === undefined ? { jobId: 0 } : { jobId: 0, body };
} catch (error) {
  reply = { jobId: 0, failure: `the work failed: ${(error as Error).message}` };
}
parentPort!.postMessage(reply);
