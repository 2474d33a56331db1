import { connect } from 'node:net';

export interface ProbeResult {
  /** From the start of connect to the first byte of the answer; undefined when refused or closed empty. */
  firstByteMs: number | undefined;
  outcome: 'answered' | 'closed' | 'refused' | 'timeout';
}

/** One client request: connect, send a line, wait for the first byte of the answer. */
export function probeFirstByte(port: number, timeoutMs: number, holdMs = 0, localAddress = '127.0.0.1'): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    let settled = false;
    const settle = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Holding the connection keeps the handler running, to load the superserver's instances.
      if (holdMs > 0 && result.outcome === 'answered') setTimeout(() => socket.destroy(), holdMs);
      else socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ firstByteMs: undefined, outcome: 'timeout' }), timeoutMs);
    socket.once('connect', () => socket.write('ping\n'));
    socket.once('data', () => settle({ firstByteMs: performance.now() - startedAt, outcome: 'answered' }));
    socket.once('close', () => settle({ firstByteMs: undefined, outcome: 'closed' }));
    socket.once('error', (error: NodeJS.ErrnoException) => settle({ firstByteMs: undefined, outcome: error.code === 'ECONNREFUSED' ? 'refused' : 'closed' }));
  });
}
