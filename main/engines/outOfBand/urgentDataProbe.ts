import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { pause } from '../../toolkit/abortableWaits.ts';

/** What a Node server saw when a real client sent TCP urgent data (MSG_OOB) to it. */
export interface UrgentDataResult {
  python3: boolean;
  /** Said plainly in the results, so a report never shows a demonstration that did not run. */
  note: string;
  /** What python3's send(b'!', MSG_OOB) returned: bytes accepted as urgent by the client's kernel. */
  urgentBytesSent?: number;
  /** Everything the Node server's 'data' events delivered, in order, as latin1 text. */
  receivedText?: string;
  receivedBytes?: number;
  /** Whether the urgent byte '!' appeared anywhere in what Node read. */
  urgentByteInStream?: boolean;
}

// The client: ordinary bytes, one urgent byte, ordinary bytes; short pauses so they are separate segments.
const pythonClient = [
  'import socket, sys, time',
  "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
  's.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)',
  "s.sendall(b'before|')",
  'time.sleep(0.05)',
  "sent = s.send(b'!', socket.MSG_OOB)",
  'time.sleep(0.05)',
  "s.sendall(b'|after')",
  'time.sleep(0.05)',
  's.close()',
  'print(sent)',
].join('\n');

const probeTimeoutMs = 5_000;

/**
 * Sends one byte of TCP urgent data with python3 to a Node server and records what the server got.
 * Node offers no SIGURG handler, no SO_OOBINLINE and no recv(MSG_OOB), so Linux keeps the urgent
 * byte out of the ordinary stream and Node never sees it.
 */
export async function probeUrgentData(signal: AbortSignal, defer: (name: string, release: () => void | Promise<void>) => void, onClientStarted?: (pid: number) => void): Promise<UrgentDataResult> {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (piece: Buffer) => received.push(piece));
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  const closeServer = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  defer('MSG_OOB probe server', closeServer);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve((server.address() as { port: number }).port));
  });

  const outcome = await new Promise<{ started: boolean; code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('python3', ['-c', pythonClient, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    defer('python3 MSG_OOB client', kill);
    const timer = setTimeout(kill, probeTimeoutMs);
    signal.addEventListener('abort', kill, { once: true });
    child.once('spawn', () => onClientStarted?.(child.pid!));
    child.stdout.on('data', (piece: Buffer) => (stdout += piece.toString()));
    child.stderr.on('data', (piece: Buffer) => (stderr += piece.toString()));
    child.once('error', () => {
      clearTimeout(timer);
      resolve({ started: false, code: null, stdout, stderr });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ started: true, code, stdout, stderr });
    });
  });
  // Let the last bytes and the FIN reach the server's event loop.
  await pause(50);
  await closeServer();

  if (!outcome.started) {
    return { python3: false, note: 'python3 was not found, so no TCP urgent data was sent: the MSG_OOB demonstration did not run on this machine.' };
  }
  if (outcome.code !== 0) {
    return { python3: true, note: `python3 ran but its MSG_OOB client failed (exit code ${outcome.code}): ${outcome.stderr.trim().slice(0, 300)}` };
  }
  const bytes = Buffer.concat(received);
  const receivedText = bytes.toString('latin1');
  const urgentByteInStream = receivedText.includes('!');
  return {
    python3: true,
    urgentBytesSent: Number(outcome.stdout.trim()),
    receivedText,
    receivedBytes: bytes.length,
    urgentByteInStream,
    note: urgentByteInStream
      ? 'python3 sent one urgent byte; the Node server read it in-line, as an ordinary byte: it could not tell it was urgent.'
      : 'python3 sent one urgent byte; the Node server never saw it: the kernel kept it out of the ordinary stream, and Node has no way to ask for it (no SIGURG, no recv MSG_OOB).',
  };
}
