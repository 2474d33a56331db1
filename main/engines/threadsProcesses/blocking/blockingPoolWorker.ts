// Entry module of one thread of the worker-pool design: it takes the blocking call off the server
// thread. Only this thread sleeps; the kernel keeps scheduling the server thread meanwhile.
import { parentPort } from 'node:worker_threads';
import { blockThisThread } from './blockingCall.ts';
import type { PoolJobDoneMessage, PoolJobMessage } from './blockingMessages.ts';

const port = parentPort!;
port.postMessage('ready');
port.on('message', (job: PoolJobMessage) => {
  const blockedMs = blockThisThread(job.blockMs);
  port.postMessage({ request: job.request, blockedMs } satisfies PoolJobDoneMessage);
});
