import { connect } from 'node:net';

export interface PolicyRequestsOptions {
  host: string;
  port: number;
  /** The targets, in the order they are sent. */
  paths: readonly string[];
  concurrency: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface PolicyRequestsResult {
  latenciesMs: number[];
  errors: number;
  elapsedMs: number;
}

/** One request on a connection of its own (`Connection: close`): true for a 200 answer. */
function requestOnce(host: string, port: number, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, noDelay: true });
    let head = '';
    let settled = false;
    const finish = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      if (head.length < 16) head += chunk.toString('latin1', 0, Math.min(chunk.length, 16));
    });
    socket.on('end', () => finish(head.startsWith('HTTP/1.1 200')));
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(head.startsWith('HTTP/1.1 200')));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`);
  });
}

/**
 * Sends every path once, `concurrency` at a time, each on a new connection so that the
 * dispatcher chooses a server for every request. Bounded by the count of paths and the time-out.
 */
export async function runPolicyRequests(options: PolicyRequestsOptions): Promise<PolicyRequestsResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let next = 0;
  const startedAt = performance.now();
  const client = async (): Promise<void> => {
    while (next < options.paths.length && !options.signal.aborted) {
      const path = options.paths[next++]!;
      const sentAt = performance.now();
      if (await requestOnce(options.host, options.port, path, options.timeoutMs)) latenciesMs.push(performance.now() - sentAt);
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.paths.length) }, client));
  return { latenciesMs, errors, elapsedMs: performance.now() - startedAt };
}
