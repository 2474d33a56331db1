// Every server of a migration (front port, NICs, the link) listens on a free port of 127.0.0.1.
import type { Server } from 'node:net';

/** Starts `server` on a free port of 127.0.0.1 and resolves with the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}
