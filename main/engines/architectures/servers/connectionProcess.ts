// Entry module of a child process that serves whole connections handed over by its parent
// (process-per-request and prefork): the parent accepts, the child gets the socket through the
// IPC channel and serves it with blocking calls in its own, separate address space.
import type { Socket } from 'node:net';
import { exitWithParent, sendToParent } from '../../../platform/parentChannel.ts';
import { HttpConnection } from '../../../http/httpConnection.ts';
import { responseBodyOfSize } from '../../../http/httpResponse.ts';
import { RequestWork } from '../../../workload/requestWork.ts';
import type { ConnectionHandOver, ConnectionProcessMessage, ConnectionProcessOptions } from './connectionProcessMessages.ts';
import { serveBlocking } from './serverArchitecture.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ConnectionProcessOptions;
const work = new RequestWork(options.workload, options.seed);
const responseBody = responseBodyOfSize(options.responseSizeBytes);

function send(message: ConnectionProcessMessage): void {
  sendToParent(message);
}

function serve(socket: Socket): void {
  let requestsServed = 0;
  new HttpConnection(socket, {
    serverName: options.serverName,
    responseBody,
    maximumRequests: options.requestsPerConnection,
    idleTimeoutMs: options.idleTimeoutMs,
    handleRequest: (request, done) => {
      serveBlocking(work, request.target, done, () => {
        requestsServed += 1;
      });
    },
    onClose: () => {
      send({ type: 'idle', requestsServed });
      if (options.mode === 'one-connection') process.disconnect();
    },
  });
  // The parent accepted with pauseOnConnect: nothing has been read yet, the request is all ours.
  socket.resume();
}

process.on('message', (message: ConnectionHandOver, socket?: Socket) => {
  if (message.type === 'connection' && socket !== undefined) serve(socket);
});
// An orphan must not linger: when the parent goes, so does the child.
exitWithParent();
send({ type: 'ready' });
