// Entry module of a server's own worker thread: builds the architecture named in workerData,
// listens on 127.0.0.1, reports `listening` and periodic stats, and on `stop` closes everything
// and exits. Living in its own thread, a server that blocks (iterative) never blocks the app.
import type { Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { responseBodyOfSize } from '../../../http/httpResponse.ts';
import { createFileSet, removeFileSet, type FileSet } from '../../../workload/fileSet.ts';
import { blockThreadFor } from '../../../workload/workload.ts';
import { stopEveryConnectionChild } from './childProcesses.ts';
import type { ArchitectureServer } from './serverArchitecture.ts';
import { serverArchitectures } from './serverArchitectures.ts';
import type { ServerControlMessage, ServerHostMessage, ServerHostOptions } from './serverMessages.ts';

const options = workerData as ServerHostOptions;
const port = parentPort!;
const openSockets = new Set<Socket>();
let architecture: ArchitectureServer | undefined;
let statsTimer: ReturnType<typeof setInterval> | undefined;
let stallTimer: ReturnType<typeof setInterval> | undefined;
let fileSet: FileSet | undefined;
let stopping = false;

function post(message: ServerHostMessage): void {
  port.postMessage(message);
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(statsTimer);
  clearInterval(stallTimer);
  architecture?.server.close();
  for (const socket of openSockets) socket.destroy();
  await architecture?.close().catch(() => {});
  // A stop that came while the architecture was still being built (its pool forking) finds no
  // architecture to close; the children it had forked already are ended here all the same.
  await stopEveryConnectionChild();
  if (fileSet !== undefined) await removeFileSet(fileSet).catch(() => {});
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
  // A `file` workload serves real files: written once here, read by whoever does the work.
  if (options.workload.kind === 'file') fileSet = await createFileSet(options.responseSizeBytes);
  architecture = await serverArchitectures[options.architecture](
    {
      workload: fileSet === undefined ? options.workload : { ...options.workload, files: fileSet.files },
      seed: options.seed ?? 1,
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
    const { stall } = options;
    if (stall !== undefined && stall.everyMs > 0 && stall.durationMs > 0) {
      stallTimer = setInterval(() => blockThreadFor(stall.durationMs), stall.everyMs);
    }
  });
}
