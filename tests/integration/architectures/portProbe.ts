import { connect } from 'node:net';

/** Whether something accepts TCP connections on 127.0.0.1:port right now. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Opens a connection, writes `request` (possibly several pipelined requests) and collects what the
 * server sends until it closes, `expectedResponses` complete 200 responses have arrived, or
 * `waitMs` passes.
 */
export function exchange(
  port: number,
  request: string,
  options: { expectedResponses?: number; waitMs?: number } = {},
): Promise<{ text: string; closedByServer: boolean; elapsedMs: number }> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const done = (closedByServer: boolean): void => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer, elapsedMs: performance.now() - startedAt });
      socket.destroy();
    };
    const timer = setTimeout(() => done(false), options.waitMs ?? 3000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      if (options.expectedResponses !== undefined && completeResponses(text) >= options.expectedResponses) done(false);
    });
    socket.on('end', () => done(true));
    socket.on('error', () => done(true));
    socket.write(request);
  });
}

/** Complete 200 responses in `text` (the servers always send Content-Length). */
export function completeResponses(text: string): number {
  let count = 0;
  let offset = 0;
  for (;;) {
    const start = text.indexOf('HTTP/1.1 200 OK\r\n', offset);
    if (start === -1) return count;
    const headEnd = text.indexOf('\r\n\r\n', start);
    if (headEnd === -1) return count;
    const length = Number(/content-length: (\d+)/i.exec(text.slice(start, headEnd))?.[1] ?? 0);
    if (text.length < headEnd + 4 + length) return count;
    count += 1;
    offset = headEnd + 4 + length;
  }
}
