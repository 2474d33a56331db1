// Holds a `wait` service's socket (listening TCP, or bound UDP) for the superserver without ever
// accepting on it or reading from it.
// Node accepts eagerly on every socket its event loop watches, so the socket lives in this
// worker thread, whose loop stays blocked in Atomics.wait: connections wait in the kernel's
// backlog until the handler the superserver starts with this socket as its standard input
// accepts them itself, as inetd's `wait` servers do.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

interface KeeperData {
  host: string;
  port: number;
  protocol: 'tcp' | 'udp';
  /** Set to 1 and notified by the superserver when the socket should be closed. */
  release: Int32Array;
}

const { host, port, protocol, release } = workerData as KeeperData;

function handOver(fd: number, close: () => void): void {
  parentPort?.postMessage({ kind: 'listening', fd });
  // From here on this thread's event loop must not run, or it would accept or read by itself.
  Atomics.wait(release, 0, 0);
  close();
}

// `_handle.fd` is the socket's descriptor (Unix): threads share descriptors, so the superserver
// can give it to a handler process as stdin and stdout.
type WithHandle = { _handle: { fd: number } };

if (protocol === 'udp') {
  // Reading a UDP socket's handle is deprecated API; this thread is the only one that does it.
  process.noDeprecation = true;
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.once('error', (error) => parentPort?.postMessage({ kind: 'failed', message: error.message }));
  socket.bind({ address: host, port, exclusive: true }, () => handOver((socket as unknown as WithHandle)._handle.fd, () => socket.close()));
} else {
  const server = createServer();
  server.once('error', (error) => parentPort?.postMessage({ kind: 'failed', message: error.message }));
  server.listen({ host, port, exclusive: true }, () => handOver((server as unknown as WithHandle)._handle.fd, () => server.close()));
}
