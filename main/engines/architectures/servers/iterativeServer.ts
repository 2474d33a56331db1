import { createServer, type Socket } from 'node:net';
import { HttpConnection } from '../../../http/httpConnection.ts';
import { RequestWork } from '../../../workload/requestWork.ts';
import { serveBlocking, type ArchitectureServer, type ArchitectureServerOptions } from './serverArchitecture.ts';

/**
 * An idle client must not hold the only server forever: the `Keep-Alive: timeout=1` the server
 * announces, and enforces.
 */
const idleTimeoutMs = 1000;

/**
 * The iterative server: one thread serves one connection at a time. Connections that arrive
 * meanwhile are accepted by the kernel but left unread (paused), first come first served, until
 * the current one closes. The work runs on the server's own thread and blocks it entirely.
 *
 * Requests per connection (`requestsPerConnection`, 1 by default): a real iterative server serves
 * one client at a time, so every request a client makes on a kept-alive connection is a request
 * all queued clients wait behind. Throughput is the same either way (one request at a time), but
 * with closed-loop keep-alive clients a larger limit only turns fair FIFO waiting into long
 * stalls, and with more than a few clients into time-outs. One request per connection keeps the
 * queue fair; clients see `Connection: close` and reconnect, joining the back of the queue,
 * which is what a client of a real iterative server does.
 */
export function createIterativeServer(options: ArchitectureServerOptions): ArchitectureServer {
  const waitingSockets: Socket[] = [];
  let current: HttpConnection | undefined;
  let connections = 0;
  let requestsServed = 0;
  const requestsPerConnection = options.requestsPerConnection > 0 ? options.requestsPerConnection : 1;
  const work = new RequestWork(options.workload, options.seed);

  const serveNext = (): void => {
    current = undefined;
    for (let socket = waitingSockets.shift(); socket !== undefined; socket = waitingSockets.shift()) {
      if (socket.destroyed) continue;
      serve(socket);
      return;
    }
  };

  const serve = (socket: Socket): void => {
    current = new HttpConnection(socket, {
      serverName: 'proclab-iterative',
      responseBody: options.responseBody,
      maximumRequests: requestsPerConnection,
      idleTimeoutMs,
      handleRequest: (request, done) => {
        serveBlocking(work, request.target, done, () => {
          requestsServed += 1;
        });
      },
      onClose: serveNext,
    });
    socket.resume();
  };

  // pauseOnConnect: a queued connection is not read until its turn, as if still in the accept queue.
  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true, noDelay: true }, (socket) => {
    connections += 1;
    socket.on('close', () => {
      connections -= 1;
    });
    socket.on('error', () => {});
    if (current === undefined) serve(socket);
    else waitingSockets.push(socket);
  });

  return {
    server,
    stats: () => ({ connections, queueLength: waitingSockets.length, requestsServed }),
    close: async () => {
      for (const socket of waitingSockets.splice(0)) socket.destroy();
      current?.close();
    },
  };
}
