import { createServer } from 'node:net';
import { HttpConnection } from '../../../http/httpConnection.ts';
import { RequestWork } from '../../../workload/requestWork.ts';
import { answerWith, type ArchitectureServer, type ArchitectureServerOptions } from './serverArchitecture.ts';

/**
 * The event-driven server: one thread, one event loop, every socket non-blocking. Waiting (io)
 * is a timer, so thousands of requests can wait at once on one thread; computation (cpu) runs on
 * the loop and stalls every other client while it runs, which is the architecture's real weakness.
 */
export function createEventDrivenServer(options: ArchitectureServerOptions): ArchitectureServer {
  const work = new RequestWork(options.workload, options.seed);
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
      maximumRequests: options.requestsPerConnection,
      handleRequest: (request, done) => {
        // A request in its handler is in the connection's 'working' state until its event (a
        // timer, a finished read) moves it on to writing the response.
        requestsWaiting += 1;
        work.runOnEventLoop(request.target, (body, failure) => {
          requestsWaiting -= 1;
          if (failure === undefined) requestsServed += 1;
          answerWith(done)(body, failure);
        });
      },
    });
  });

  return {
    server,
    stats: () => ({ connections, queueLength: requestsWaiting, requestsServed }),
    close: async () => {},
  };
}
