import { connect, type Socket } from 'node:net';
import type { LoadErrorKind } from './loadMessages.ts';
import { HttpResponseParser } from './httpResponseParser.ts';

/** What a connection reports to, and asks of, the generator that owns it. */
export interface LoadConnectionOwner {
  /** False once the run is over: no new request is sent. */
  readonly running: boolean;
  recordResponse(status: number, latencyMs: number): void;
  recordError(kind: LoadErrorKind): void;
}

export interface LoadTarget {
  host: string;
  port: number;
  request: Buffer;
  timeoutMs: number;
}

/**
 * After a failed connection attempt or a reset, wait this long before trying again: without it a
 * dead server would be hammered in a tight loop of refused connections.
 */
const retryDelayMs = 10;

/**
 * One closed-loop client connection: send a request, wait for the whole response, send the next.
 * Reconnects whenever the server closes (as an iterative server does after each response). The
 * latency of a request runs from the moment it is due to be sent, including any reconnect.
 */
export class LoadConnection {
  private readonly target: LoadTarget;
  private readonly owner: LoadConnectionOwner;
  private readonly parser = new HttpResponseParser();
  private socket: Socket | undefined;
  private socketConnected = false;
  private awaitingResponse = false;
  private requestStartedAt = 0;
  private timeoutTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(target: LoadTarget, owner: LoadConnectionOwner) {
    this.target = target;
    this.owner = owner;
  }

  start(): void {
    this.sendNext();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timeoutTimer);
    clearTimeout(this.retryTimer);
    this.discardSocket();
  }

  private sendNext(): void {
    if (this.closed || !this.owner.running) return;
    this.requestStartedAt = performance.now();
    this.awaitingResponse = true;
    this.timeoutTimer = setTimeout(() => this.onTimeout(), this.target.timeoutMs);
    // A socket queues writes made before it connects, so a new connection is written to at once.
    const socket = this.socket ?? this.openSocket();
    socket.write(this.target.request);
  }

  private openSocket(): Socket {
    this.parser.reset();
    this.socketConnected = false;
    const socket = connect({ host: this.target.host, port: this.target.port, noDelay: true });
    this.socket = socket;
    socket.on('connect', () => {
      if (socket === this.socket) this.socketConnected = true;
    });
    socket.on('data', (chunk: Buffer) => {
      if (socket === this.socket) this.receive(chunk);
    });
    socket.on('error', () => {
      if (socket === this.socket) this.onBroken(this.socketConnected ? 'reset' : 'connect');
    });
    socket.on('close', () => {
      if (socket === this.socket) this.onBroken('reset');
    });
    return socket;
  }

  private receive(chunk: Buffer): void {
    const result = this.parser.push(chunk);
    let closeAfter = false;
    for (const response of result.responses) {
      if (!this.awaitingResponse) {
        this.failConnection('protocol');
        return;
      }
      this.awaitingResponse = false;
      clearTimeout(this.timeoutTimer);
      const latencyMs = performance.now() - this.requestStartedAt;
      if (response.status >= 200 && response.status < 300) this.owner.recordResponse(response.status, latencyMs);
      else this.owner.recordError('status');
      closeAfter = response.closeAfter;
    }
    if (result.error !== undefined) {
      this.failConnection('protocol');
      return;
    }
    if (result.responses.length === 0) return;
    if (closeAfter) this.discardSocket();
    this.sendNext();
  }

  private onTimeout(): void {
    if (!this.awaitingResponse) return;
    this.awaitingResponse = false;
    this.owner.recordError('timeout');
    this.discardSocket();
    this.sendNext();
  }

  private onBroken(kind: LoadErrorKind): void {
    this.discardSocket();
    // A keep-alive connection the server closed between requests is not an error: the next
    // request simply opens a new one.
    if (!this.awaitingResponse) return;
    this.failRequest(kind);
  }

  private failConnection(kind: LoadErrorKind): void {
    this.discardSocket();
    if (this.awaitingResponse) this.failRequest(kind);
    else this.owner.recordError(kind);
  }

  private failRequest(kind: LoadErrorKind): void {
    this.awaitingResponse = false;
    clearTimeout(this.timeoutTimer);
    this.owner.recordError(kind);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.sendNext(), retryDelayMs);
  }

  private discardSocket(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.socketConnected = false;
    this.parser.reset();
    socket?.destroy();
  }
}
