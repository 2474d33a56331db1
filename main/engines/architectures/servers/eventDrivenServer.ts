import { createServer } from 'node:net';
import { HttpConnection } from '../http/httpConnection.ts';
import { computeFor } from '../workload/workload.ts';
import type { ArchitectureServer, ArchitectureServerOptions } from './serverArchitecture.ts';

/**
 * The event-driven server: one thread, one event loop, every socket non-blocking. Waiting (io)
 * is a timer, so thousands of requests can wait at once on one thread; computation (cpu) runs on
 * the loop and stalls every other client while it runs, which is the architecture's real weakness.
 */
export function createEventDrivenServer(options: ArchitectureServerOptions): ArchitectureServer {
  const { workload } = options;
  let connections = 0;
  let requestsServed = 0;
  let requestsWaiting = 0;

  const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    connections += 1;
    socket.on('close', () => {
      connections -= 1;
    });
    new HttpConnection(socket, {
      serverName: 'proclab-event-driven',
      responseBody: options.responseBody,
      handleRequest: (_request, done) => {
        if (workload.kind === 'cpu') {
          if (workload.serviceTimeMs > 0) computeFor(workload.serviceTimeMs, workload.computeRoundsPerMs);
          requestsServed += 1;
          done();
          return;
        }
        requestsWaiting += 1;
        const finish = (): void => {
          requestsWaiting -= 1;
          requestsServed += 1;
          done();
        };
        if (workload.serviceTimeMs > 0) setTimeout(finish, workload.serviceTimeMs);
        else setImmediate(finish);
      },
    });
  });

  return {
    server,
    stats: () => ({ connections, queueLength: requestsWaiting, requestsServed }),
    close: async () => {},
  };
}
