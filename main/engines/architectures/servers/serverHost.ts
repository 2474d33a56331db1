// Entry module of a server's own worker thread: builds the architecture named in workerData,
// listens on 127.0.0.1, reports `listening` and periodic stats, and on `stop` closes everything
// and exits. Living in its own thread, a server that blocks (iterative) never blocks the app.
import type { Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { responseBodyOfSize } from '../http/httpResponse.ts';
import type { ArchitectureServer } from './serverArchitecture.ts';
import { serverArchitectures } from './serverArchitectures.ts';
import type { ServerControlMessage, ServerHostMessage, ServerHostOptions } from './serverMessages.ts';

const options = workerData as ServerHostOptions;
const port = parentPort!;
const openSockets = new Set<Socket>();
let architecture: ArchitectureServer | undefined;
let statsTimer: ReturnType<typeof setInterval> | undefined;
let stopping = false;

function post(message: ServerHostMessage): void {
  port.postMessage(message);
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(statsTimer);
  architecture?.server.close();
  for (const socket of openSockets) socket.destroy();
  await architecture?.close().catch(() => {});
  // Ends this thread only (in a worker, process.exit stops the worker), whatever handles remain.
  process.exit(exitCode);
}

function fail(error: Error & { code?: string }): void {
  post({ type: 'failed', message: error.message, code: error.code });
  void stop(1);
}

port.on('message', (message: ServerControlMessage) => {
  if (message.type === 'stop') void stop(0);
});

try {
  architecture = await serverArchitectures[options.architecture](
    {
      workload: options.workload,
      responseBody: responseBodyOfSize(options.responseSizeBytes),
      workers: options.workers ?? 4,
      requestsPerConnection: options.requestsPerConnection ?? 0,
      queueCapacity: options.queueCapacity ?? 4096,
    },
    fail,
  );
} catch (error) {
  fail(error instanceof Error ? error : new Error(String(error)));
}

if (architecture !== undefined && !stopping) {
  const { server } = architecture;
  const built = architecture;
  server.on('connection', (socket: Socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  server.on('error', (error) => fail(error));
  server.listen({ host: '127.0.0.1', port: options.port, backlog: 1024 }, () => {
    const address = server.address();
    post({ type: 'listening', port: typeof address === 'object' && address !== null ? address.port : options.port });
    statsTimer = setInterval(() => post({ type: 'stats', stats: built.stats() }), options.statsIntervalMs ?? 250);
  });
}
