// The destination guest's own connection to the source's page server. A faulting vCPU thread
// writes its page request itself, with one system call, and then blocks on the page-table entry:
// no other thread has to wake up to pass the fault on. The answer comes back on the destination
// host's receiver connection, whose thread copies the page in and wakes the guest.
//
// The guest thread never returns to its event loop while it runs, and it does not need to: a write
// on an idle TCP socket goes to the kernel at once (libuv tries the write before queueing it), and
// nothing else on this connection needs the loop. The connection is opened before the guest starts.
import { connect, type Socket } from 'node:net';
import { pageRequestFrame, pageServerHello, pageServerRoles } from '../link/linkFrames.ts';

export class PageRequestLine {
  private readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
  }

  /** Connects to the page server on 127.0.0.1:`port` (bounded by `timeoutMs`). */
  static open(port: number, timeoutMs: number): Promise<PageRequestLine> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the source's page server on port ${port} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot reach the source's page server on port ${port}: ${error.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        socket.write(pageServerHello(pageServerRoles.requester));
        resolve(new PageRequestLine(socket));
      });
    });
  }

  /** Sends the request for `page` now, from the calling (guest) thread. */
  request(page: number): void {
    if (!this.socket.destroyed) this.socket.write(pageRequestFrame(page));
  }

  close(): void {
    this.socket.destroy();
  }
}
