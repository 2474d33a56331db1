// The destination guest's own connection to the source's page server: a faulting vCPU thread asks
// for the page and takes the answer itself, the way a userfaultfd handler that owns the socket
// would. No other thread has to wake up on the way: the fault costs one request/response on the
// link, plus copying the page in.
//
// The guest thread never returns to its event loop while it runs, so this connection is used with
// plain system calls on its descriptor: a write for the request, and non-blocking reads for the
// answer. The guest spins on those reads for a short while (it is blocked on the fault anyway, and
// a loopback answer takes tens of µs), then naps between them so that a slow answer (a shaped
// link) does not burn a core.
import { readSync, writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { PageInstaller } from '../hosts/pageInstaller.ts';
import { frameHeaderBytes, frameTypes, pageRequestFrame, pageServerHello, pageServerRoles, readIndexList } from '../link/linkFrames.ts';

/** What a request came back with. */
export type PageAnswer = 'installed' | 'in-flight' | 'no-answer';

const spinMs = 0.25;
const napMs = 0.05;

export class PageRequestLine {
  private readonly socket: Socket;
  /** The socket's descriptor, or -1 where the platform gives none (then requests are hints only). */
  private readonly fd: number;
  private readonly answer: Buffer;
  private readonly nap = new Int32Array(new SharedArrayBuffer(4));
  private broken = false;

  private constructor(socket: Socket, fd: number, pageSize: number) {
    this.socket = socket;
    this.fd = fd;
    this.answer = Buffer.alloc(frameHeaderBytes + 8 + pageSize);
  }

  /** Connects to the page server on 127.0.0.1:`port` (bounded by `timeoutMs`). */
  static open(port: number, pageSize: number, timeoutMs: number): Promise<PageRequestLine> {
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
        // Node gives no public way to a socket's descriptor; on POSIX systems its handle has one.
        const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
        const usable = typeof fd === 'number' && fd >= 0 ? fd : -1;
        socket.write(pageServerHello(usable >= 0 ? pageServerRoles.requester : pageServerRoles.hinter));
        resolve(new PageRequestLine(socket, usable, pageSize));
      });
    });
  }

  /**
   * Asks for `page` and, when this line gets answers, waits for the answer and installs the page.
   * `keepWaiting` is called between naps; it throws to give up (exit requested, VM lost, too long).
   */
  fetch(page: number, installer: PageInstaller, keepWaiting: () => void): PageAnswer {
    if (this.broken) return 'no-answer';
    try {
      if (this.fd < 0) {
        this.socket.write(pageRequestFrame(page));
        return 'no-answer';
      }
      try {
        writeSync(this.fd, pageRequestFrame(page));
      } catch {
        throw new LineBroken();
      }
      const type = this.readAnswer(keepWaiting);
      const payload = this.answer.subarray(frameHeaderBytes, frameHeaderBytes + this.answer.readUInt32LE(4));
      if (type === frameTypes.pages) installer.installPages(payload);
      else if (type === frameTypes.zeroPages) installer.installZeroPages(readIndexList(payload));
      else if (type === frameTypes.pageInFlight) return 'in-flight';
      else throw new Error(`unexpected frame ${type} from the page server`);
      return 'installed';
    } catch (error) {
      if (!(error instanceof LineBroken)) throw error;
      // The line is gone, most likely with the source: wait for the page like any other. If the
      // source died, the destination host reports the VM lost when its own link closes; if only the
      // line broke, a page the server had already claimed never comes, and the fault ends the guest
      // after its maximum wait (both bounded, never a hang).
      this.broken = true;
      return 'no-answer';
    }
  }

  /** Reads one whole answer frame into `answer`; returns its type. */
  private readAnswer(keepWaiting: () => void): number {
    // Every read that finds nothing throws EAGAIN; without a stack trace to capture, such a read
    // takes 3 µs instead of 5, so the spin notices the answer sooner.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return this.readAnswerFrame(keepWaiting);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }

  private readAnswerFrame(keepWaiting: () => void): number {
    let have = 0;
    let want = frameHeaderBytes;
    const started = performance.now();
    while (have < want) {
      let read = 0;
      try {
        read = readSync(this.fd, this.answer, have, want - have, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw new LineBroken();
        if (performance.now() - started > spinMs) {
          keepWaiting();
          Atomics.wait(this.nap, 0, 0, napMs);
        }
        continue;
      }
      if (read === 0) throw new LineBroken();
      have += read;
      if (have === frameHeaderBytes && want === frameHeaderBytes) {
        want += this.answer.readUInt32LE(4);
        if (want > this.answer.length) throw new Error(`the page server sent a ${want}-byte answer`);
      }
    }
    return this.answer.readUInt32LE(0);
  }

  close(): void {
    this.socket.destroy();
  }
}

class LineBroken extends Error {}
