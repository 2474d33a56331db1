// The destination guest's own connection to the source's page server: a faulting vCPU thread asks
// for the page and takes the answer itself, the way a userfaultfd handler that owns the socket
// would. No other thread has to wake up on the way: the fault costs one request/response on the
// link, plus copying the page in.
//
// The guest thread never returns to its event loop while it runs, so this connection is used with
// plain system calls on its descriptor: a write for the request, and reads for the answer. The
// guest first spins on non-blocking reads for a few tens of µs (a loopback answer often takes
// about that), then blocks in a read until the answer is there: on two cores, a guest that kept
// spinning held one core while the page server and every other thread queued for the other, and
// the slowest faults (p99) waited 0.4-0.5 ms for a core, not for the link.
// How long it spins follows the answers it gets (see answerSpin.ts).
import { readSync, writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { monotonicMs, type FaultTraceWriter } from '../faultHops.ts';
import { AnswerSpin } from './answerSpin.ts';
import type { PageInstaller } from '../hosts/pageInstaller.ts';
import { frameHeaderBytes, frameTypes, pageRequestFrame, pageServerHello, pageServerRoles, readIndexList } from '../link/linkFrames.ts';

/** What a request came back with. */
export type PageAnswer = 'installed' | 'in-flight' | 'no-answer';

/** Where a blocking read is not possible: naps between non-blocking reads. */
const napMs = 0.05;
/** Round trips run before the guest starts, so that its first faults run compiled code. */
const rehearsalRoundTrips = 500;
/** A page number no guest has: the page server answers it "in flight", claiming nothing. */
const noSuchPage = 0xffffffff;

interface BlockingHandle {
  setBlocking(blocking: boolean): number;
}

export class PageRequestLine {
  private readonly socket: Socket;
  /** The socket's descriptor, or -1 where the platform gives none (then requests are hints only). */
  private readonly fd: number;
  private readonly answer: Buffer;
  private readonly nap = new Int32Array(new SharedArrayBuffer(4));
  /** The socket's libuv handle, to switch its descriptor to blocking reads (undefined: naps). */
  private readonly blockingHandle: BlockingHandle | undefined;
  private broken = false;
  /** Set once the rehearsal got all its answers; until then reads never block (they nap, bounded by keepWaiting). */
  private answersEveryRequest = false;
  private trace: FaultTraceWriter | undefined;
  private readonly spin = new AnswerSpin();
  /** When the answer being read had its first bytes in (epoch ms, for the trace). */
  private firstByteAt = 0;

  private constructor(socket: Socket, fd: number, pageSize: number) {
    this.socket = socket;
    this.fd = fd;
    this.answer = Buffer.alloc(frameHeaderBytes + 8 + pageSize);
    // Not public either: libuv streams (TCP included) can switch their descriptor to blocking mode.
    const handle = (socket as unknown as { _handle?: Partial<BlockingHandle> })._handle;
    this.blockingHandle = typeof handle?.setBlocking === 'function' ? (handle as BlockingHandle) : undefined;
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
   * Runs request/answer round trips for a page that does not exist, before the guest starts: both
   * ends of the line (this thread's reads and writes, the page server's request path) are then
   * compiled code when the first real fault comes. Without it the first tenth of a post-copy's
   * faults held a third of its p99 faults, while V8 compiled that code on the same two cores.
   */
  rehearse(): void {
    if (this.fd < 0) return;
    // Never blocks: a server that does not answer ends the rehearsal within a second.
    const until = performance.now() + 1_000;
    const giveUpLate = (): void => {
      if (performance.now() > until) throw new LineBroken();
    };
    for (let trip = 0; trip < rehearsalRoundTrips; trip += 1) {
      try {
        const requestedAt = performance.now();
        writeSync(this.fd, pageRequestFrame(noSuchPage));
        this.readAnswer(requestedAt, giveUpLate, false);
      } catch {
        // A late answer would be taken for the next fault's: faults wait for the push instead.
        this.broken = true;
        return;
      }
    }
    // A server that answered every rehearsal request answers faults too: reads may block on it.
    this.answersEveryRequest = true;
  }

  /** From now on, stamps every fault the line answers with a page (see faultHops.ts). */
  traceTo(trace: FaultTraceWriter): void {
    this.trace = trace;
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
      const startedAt = this.trace === undefined ? 0 : monotonicMs();
      const requestedAt = performance.now();
      try {
        writeSync(this.fd, pageRequestFrame(page));
      } catch {
        throw new LineBroken();
      }
      const writtenAt = this.trace === undefined ? 0 : monotonicMs();
      const type = this.readAnswer(requestedAt, keepWaiting);
      const readAt = this.trace === undefined ? 0 : monotonicMs();
      const payload = this.answer.subarray(frameHeaderBytes, frameHeaderBytes + this.answer.readUInt32LE(4));
      if (type === frameTypes.pages) installer.installPages(payload);
      else if (type === frameTypes.zeroPages) installer.installZeroPages(readIndexList(payload));
      else if (type === frameTypes.pageInFlight) return 'in-flight';
      else throw new Error(`unexpected frame ${type} from the page server`);
      this.trace?.record(page, startedAt, writtenAt, this.firstByteAt, readAt, monotonicMs());
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

  /** Reads one whole answer frame into `answer` (to the request made at `requestedAt`); returns its type. */
  private readAnswer(requestedAt: number, keepWaiting: () => void, mayBlock = true): number {
    // Every read that finds nothing throws EAGAIN; without a stack trace to capture, such a read
    // takes 3 µs instead of 5, so the spin notices the answer sooner.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return this.readAnswerFrame(requestedAt, keepWaiting, mayBlock);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }

  private readAnswerFrame(requestedAt: number, keepWaiting: () => void, mayBlock: boolean): number {
    let have = 0;
    let want = frameHeaderBytes;
    // Counted from before the request's write: that call itself can take tens of µs (on loopback
    // it carries the request into the page server's socket, and may wake that thread first).
    const spinMs = this.spin.spinMs;
    while (have < want) {
      let read = 0;
      try {
        read = readSync(this.fd, this.answer, have, want - have, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw new LineBroken();
        if (performance.now() - requestedAt <= spinMs) continue;
        keepWaiting();
        if (this.blockingHandle === undefined || !mayBlock || !this.answersEveryRequest) {
          Atomics.wait(this.nap, 0, 0, napMs);
          continue;
        }
        // The page server answers every request (the page, a zero page or "in flight"), and a
        // source that goes away closes the connection: this read ends either way.
        read = this.blockingRead(have, want);
      }
      if (read === 0) throw new LineBroken();
      if (have === 0) {
        this.spin.learn(performance.now() - requestedAt);
        if (this.trace !== undefined) this.firstByteAt = monotonicMs();
      }
      have += read;
      if (have === frameHeaderBytes && want === frameHeaderBytes) {
        want += this.answer.readUInt32LE(4);
        if (want > this.answer.length) throw new Error(`the page server sent a ${want}-byte answer`);
      }
    }
    return this.answer.readUInt32LE(0);
  }

  private blockingRead(have: number, want: number): number {
    this.blockingHandle!.setBlocking(true);
    try {
      return readSync(this.fd, this.answer, have, want - have, null);
    } catch {
      throw new LineBroken();
    } finally {
      this.blockingHandle!.setBlocking(false);
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

class LineBroken extends Error {}
