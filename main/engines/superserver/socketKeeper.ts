// Holds a `wait` service's listening socket for the superserver without ever accepting on it.
// Node accepts eagerly on every socket its event loop watches, so the socket lives in this
// worker thread, whose loop stays blocked in Atomics.wait: connections wait in the kernel's
// backlog until the handler the superserver starts with this socket as its standard input
// accepts them itself, as inetd's `wait` servers do.
import { createServer } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

interface KeeperData {
  host: string;
  port: number;
  /** Set to 1 and notified by the superserver when the socket should be closed. */
  release: Int32Array;
}

const { host, port, release } = workerData as KeeperData;
const server = createServer();
server.once('error', (error) => parentPort?.postMessage({ kind: 'failed', message: error.message }));
server.listen({ host, port, exclusive: true }, () => {
  // `_handle.fd` is the listening socket's descriptor (Unix): threads share descriptors, so the
  // superserver can give it to a handler process as stdin and stdout.
  const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
  parentPort?.postMessage({ kind: 'listening', fd });
  // From here on this thread's event loop must not run, or it would accept connections itself.
  Atomics.wait(release, 0, 0);
  server.close();
});
