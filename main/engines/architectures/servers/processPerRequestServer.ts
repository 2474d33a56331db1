import { createServer, type Socket } from 'node:net';
import { forkConnectionChild, stopConnectionChild, type ConnectionChild } from './childProcesses.ts';
import type { ArchitectureServer, ArchitectureServerOptions } from './serverArchitecture.ts';

/**
 * Child processes alive at once beyond which new connections wait (unread, as in the accept
 * queue) for one to end. inetd has the same kind of limit; without it an overload would fork
 * until the machine runs out of memory.
 */
export const maximumConnectionProcesses = 64;

/** A child idle on its connection this long closes it and ends. */
const idleTimeoutMs = 5000;

/**
 * The process-per-request server, as inetd's `nowait` services work: the parent accepts every
 * connection without reading it (pauseOnConnect), forks a new child process for it and hands
 * the socket over the IPC channel; the child serves that connection (all its requests) with
 * blocking calls in its own address space, then exits. Every connection pays for a process start.
 */
export function createProcessPerRequestServer(options: ArchitectureServerOptions, onFailure: (error: Error) => void): ArchitectureServer {
  const children = new Set<ConnectionChild>();
  const waitingSockets: Socket[] = [];
  let connections = 0;
  let requestsServed = 0;
  let processesStarted = 0;
  let closed = false;

  const startChildFor = (socket: Socket): void => {
    processesStarted += 1;
    const child = forkConnectionChild(
      {
        mode: 'one-connection',
        workload: options.workload,
        seed: options.seed + processesStarted,
        responseSizeBytes: options.responseBody.length,
        requestsPerConnection: options.requestsPerConnection,
        idleTimeoutMs,
        serverName: 'proclab-process-per-request',
      },
      (message) => {
        if (message.type === 'idle') requestsServed += message.requestsServed;
      },
    );
    children.add(child);
    void child.exited.then(() => {
      children.delete(child);
      if (!socket.destroyed) socket.destroy();
      if (!closed) serveWaiting();
    });
    child.ready.then(
      () => {
        if (socket.destroyed) {
          void stopConnectionChild(child);
          return;
        }
        // The handle moves to the child. Node closes this process's copy once it is sent, but
        // without a 'close' event; destroying the object emits it (the child's copy lives on).
        child.process.send({ type: 'connection' }, socket, () => socket.destroy());
      },
      (error: Error) => {
        socket.destroy();
        if (!closed) onFailure(new Error(`cannot start a child process: ${error.message}`));
      },
    );
  };

  const serveWaiting = (): void => {
    while (children.size < maximumConnectionProcesses) {
      const socket = waitingSockets.shift();
      if (socket === undefined) return;
      if (!socket.destroyed) startChildFor(socket);
    }
  };

  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true, noDelay: true }, (socket) => {
    connections += 1;
    socket.on('close', () => {
      connections -= 1;
    });
    socket.on('error', () => {});
    if (children.size < maximumConnectionProcesses) startChildFor(socket);
    else waitingSockets.push(socket);
  });

  return {
    server,
    stats: () => ({ connections, queueLength: waitingSockets.length, requestsServed, processesStarted }),
    close: async () => {
      closed = true;
      for (const socket of waitingSockets.splice(0)) socket.destroy();
      await Promise.all([...children].map((child) => stopConnectionChild(child)));
    },
  };
}
