import { createServer } from 'node:net';
import { HttpConnection } from '../http/httpConnection.ts';
import type { ArchitectureServer, ArchitectureServerOptions } from './serverArchitecture.ts';
import { ThreadPool } from './threadPool.ts';

/**
 * The thread-pool server: this thread's event loop accepts connections and parses requests; a
 * fixed pool of worker threads does the work. Blocking work (io) ties up one worker, so at most
 * `workers` requests are served at once; the rest wait in the pool's bounded queue, and when
 * that is full the server refuses with 503 instead of queueing without bound.
 */
export async function createThreadPoolServer(options: ArchitectureServerOptions, onFailure: (error: Error) => void): Promise<ArchitectureServer> {
  const pool = new ThreadPool(options.workers, options.workload, options.queueCapacity, onFailure);
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
      handleRequest: (_request, done) => {
        const queued = pool.submit(() => {
          requestsServed += 1;
          done();
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
