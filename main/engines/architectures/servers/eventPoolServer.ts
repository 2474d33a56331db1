import { createServer } from 'node:net';
import { HttpConnection } from '../../../http/httpConnection.ts';
import { RequestWork } from '../../../workload/requestWork.ts';
import { answerWith, type ArchitectureServer, type ArchitectureServerOptions } from './serverArchitecture.ts';
import { ThreadPool } from './threadPool.ts';

/**
 * The event loop with a worker pool (Apache's event MPM, nginx thread pools, libuv itself): the
 * loop accepts, parses and waits without blocking (io is a timer, a file read is asynchronous);
 * only what would block the loop, computation and blocking calls, goes to the pool's threads.
 */
export async function createEventPoolServer(options: ArchitectureServerOptions, onFailure: (error: Error) => void): Promise<ArchitectureServer> {
  const pool = new ThreadPool(options.workers, options.workload, options.queueCapacity, options.seed, onFailure);
  await pool.ready();
  const work = new RequestWork(options.workload, options.seed);
  const offloaded = options.workload.kind === 'cpu' || options.workload.kind === 'blocking-io';
  let connections = 0;
  let requestsServed = 0;
  let requestsWaiting = 0;

  const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    connections += 1;
    socket.on('close', () => {
      connections -= 1;
    });
    new HttpConnection(socket, {
      serverName: 'proclab-event-pool',
      responseBody: options.responseBody,
      maximumRequests: options.requestsPerConnection,
      handleRequest: (request, done) => {
        const finish = (body?: Buffer, failure?: string): void => {
          if (failure === undefined) requestsServed += 1;
          answerWith(done)(body, failure);
        };
        if (offloaded) {
          if (!pool.submit(request.target, finish)) done(503, 'the request queue is full');
          return;
        }
        requestsWaiting += 1;
        work.runOnEventLoop(request.target, (body, failure) => {
          requestsWaiting -= 1;
          finish(body, failure);
        });
      },
    });
  });

  return {
    server,
    stats: () => ({ connections, queueLength: pool.queueLength + requestsWaiting, requestsServed }),
    close: () => pool.close(),
  };
}
