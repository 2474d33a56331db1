import { createServer, type Socket } from 'node:net';
import { forkConnectionChild, stopConnectionChild, type ConnectionChild } from './childProcesses.ts';
import type { ArchitectureServer, ArchitectureServerOptions } from './serverArchitecture.ts';

/** Like Apache's KeepAliveTimeout: an idle kept-alive connection must not hold a child forever. */
const idleTimeoutMs = 1000;

interface PoolChild {
  child: ConnectionChild;
  busy: boolean;
}

/**
 * The pre-forked process pool, as Apache's prefork MPM: `workers` child processes are started
 * before the first request; the parent accepts each connection without reading it and hands the
 * socket to an idle child, which serves it with blocking calls and then takes the next. When
 * every child is busy, connections wait unread, first come first served.
 *
 * Requests per connection default to 1 for the reason the iterative server gives: with more
 * keep-alive clients than children, the children would serve the first few clients only.
 */
export async function createPreforkServer(options: ArchitectureServerOptions, onFailure: (error: Error) => void): Promise<ArchitectureServer> {
  const pool: PoolChild[] = [];
  const waitingSockets: Socket[] = [];
  let connections = 0;
  let requestsServed = 0;
  let closed = false;

  const handOut = (): void => {
    for (const member of pool) {
      if (member.busy) continue;
      let socket = waitingSockets.shift();
      while (socket !== undefined && socket.destroyed) socket = waitingSockets.shift();
      if (socket === undefined) return;
      member.busy = true;
      const handed = socket;
      member.child.process.send({ type: 'connection' }, handed, (error) => {
        // Sent or not, this process is done with its copy. Node closes the handle of a sent
        // socket without a 'close' event; destroying the object emits it, and the child's copy
        // of the connection lives on.
        handed.destroy();
        if (error !== null && error !== undefined) member.busy = false;
      });
    }
  };

  for (let index = 0; index < options.workers; index += 1) {
    const member: PoolChild = {
      busy: false,
      child: forkConnectionChild(
        {
          mode: 'pool',
          workload: options.workload,
          seed: options.seed + index + 1,
          responseSizeBytes: options.responseBody.length,
          requestsPerConnection: options.requestsPerConnection > 0 ? options.requestsPerConnection : 1,
          idleTimeoutMs,
          serverName: 'proclab-prefork',
        },
        (message) => {
          if (message.type !== 'idle') return;
          requestsServed += message.requestsServed;
          member.busy = false;
          handOut();
        },
      ),
    };
    void member.child.exited.then((code) => {
      if (!closed) onFailure(new Error(`prefork child ${index + 1} exited (code ${code})`));
    });
    pool.push(member);
  }
  try {
    await Promise.all(pool.map((member) => member.child.ready));
  } catch (error) {
    closed = true;
    await Promise.all(pool.map((member) => stopConnectionChild(member.child)));
    throw error;
  }

  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true, noDelay: true }, (socket) => {
    connections += 1;
    socket.on('close', () => {
      connections -= 1;
    });
    socket.on('error', () => {});
    waitingSockets.push(socket);
    handOut();
  });

  return {
    server,
    stats: () => ({ connections, queueLength: waitingSockets.length, requestsServed, processesStarted: pool.length }),
    close: async () => {
      closed = true;
      for (const socket of waitingSockets.splice(0)) socket.destroy();
      await Promise.all(pool.map((member) => stopConnectionChild(member.child)));
    },
  };
}
