import { createServer } from 'node:net';
import { HttpConnection } from '../../../http/httpConnection.ts';
import { answerWith, type ArchitectureServer, type ArchitectureServerOptions } from './serverArchitecture.ts';
import { ThreadPool } from './threadPool.ts';

/**
 * The thread-pool server: this thread's event loop accepts connections and parses requests; a
 * fixed pool of worker threads does the work. Blocking work (io) ties up one worker, so at most
 * `workers` requests are served at once; the rest wait in the pool's bounded queue, and when
 * that is full the server refuses with 503 instead of queueing without bound.
 */
export async function createThreadPoolServer(options: ArchitectureServerOptions, onFailure: (error: Error) => void): Promise<ArchitectureServer> {
  const pool = new ThreadPool(options.workers, options.workload, options.queueCapacity, options.seed, onFailure);
  await pool.ready();
  let connections = 0;
  let requestsServed = 0;

  const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    connections += 1;
    socket.on('close', () => {
      connections -= 1;
    });
    new HttpConnection(socket, {
      serverName: 'proclab-thread-pool',
      responseBody: options.responseBody,
      maximumRequests: options.requestsPerConnection,
      handleRequest: (request, done) => {
        const queued = pool.submit(request.target, (body, failure) => {
          if (failure === undefined) requestsServed += 1;
          answerWith(done)(body, failure);
        });
        if (!queued) done(503, 'the request queue is full');
      },
    });
  });

  return {
    server,
    stats: () => ({ connections, queueLength: pool.queueLength, requestsServed }),
    close: () => pool.close(),
  };
}
