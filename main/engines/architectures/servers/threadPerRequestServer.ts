import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { architecturesEntryModules } from '../architecturesEntryModules.ts';
import { serverThreadName } from '../cpu/threadNames.ts';
import { HttpConnection } from '../../../http/httpConnection.ts';
import type { PoolJobDoneMessage } from './poolMessages.ts';
import type { RequestThreadData } from './requestThreadMessages.ts';
import { answerWith, type ArchitectureServer, type ArchitectureServerOptions } from './serverArchitecture.ts';

/**
 * Live request threads beyond which new requests are refused with 503. A real thread-per-request
 * server has no such bound and dies of memory or thread exhaustion under overload; each thread
 * here is a whole JavaScript engine instance (megabytes), so the lab stops well before that.
 */
export const maximumRequestThreads = 128;

/**
 * The thread-per-request server: this thread's event loop is the dispatcher (it accepts and
 * parses); every request gets a newly created worker thread that does the work with blocking
 * calls and then ends. Concurrency has no pool bound, but every request pays for a thread start.
 */
export function createThreadPerRequestServer(options: ArchitectureServerOptions): ArchitectureServer {
  const entry = entryModulePath(architecturesEntryModules.requestThread);
  const liveThreads = new Set<Worker>();
  let connections = 0;
  let requestsServed = 0;
  let threadsStarted = 0;

  const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    connections += 1;
    socket.on('close', () => {
      connections -= 1;
    });
    new HttpConnection(socket, {
      serverName: 'proclab-thread-per-request',
      responseBody: options.responseBody,
      maximumRequests: options.requestsPerConnection,
      handleRequest: (request, done) => {
        const answer = answerWith(done);
        if (liveThreads.size >= maximumRequestThreads) {
          done(503, `more than ${maximumRequestThreads} request threads alive`);
          return;
        }
        threadsStarted += 1;
        const data: RequestThreadData = { workload: options.workload, seed: options.seed + threadsStarted, target: request.target };
        const thread = new Worker(entry, { workerData: data, name: `${serverThreadName}-request` });
        liveThreads.add(thread);
        let answered = false;
        thread.once('message', (message: PoolJobDoneMessage) => {
          answered = true;
          if (message.failure === undefined) requestsServed += 1;
          const body = message.body === undefined ? undefined : Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength);
          answer(body, message.failure);
        });
        thread.once('error', (error) => {
          if (!answered) answer(undefined, `the request thread failed: ${error.message}`);
          answered = true;
        });
        thread.once('exit', () => {
          liveThreads.delete(thread);
          if (!answered) answer(undefined, 'the request thread ended without an answer');
        });
      },
    });
  });

  return {
    server,
    // Every live thread is a request in service; nothing waits for a thread.
    stats: () => ({ connections, queueLength: 0, requestsServed, threadsStarted }),
    close: async () => {
      await Promise.all([...liveThreads].map((thread) => thread.terminate()));
    },
  };
}
