import { connect, type Socket } from 'node:net';
import type { LoadErrorKind, LoadTraffic } from './loadMessages.ts';
import { HttpResponseParser } from './httpResponseParser.ts';

/** What a connection reports to, and asks of, the generator that owns it. */
export interface LoadConnectionOwner {
  /** False once the run is over: no new request is sent. */
  readonly running: boolean;
  /** Where every connection adds what it sent and received. */
  readonly traffic: LoadTraffic;
  /**
   * A 2xx response to the request that was due at `dueAt` and sent at `sentAt` (performance.now()
   * times; in closed loop the two are the same moment).
   */
  recordResponse(status: number, dueAt: number, sentAt: number): void;
  /** A failed request (due at `dueAt`), or a broken connection between requests (no `dueAt`). */
  recordError(kind: LoadErrorKind, dueAt?: number): void;
  /** The connection can take the next request. */
  connectionIdle(connection: LoadConnection): void;
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
 * One client connection: sends a request when its owner says, waits for the whole response, then
 * tells the owner it is free. Reconnects whenever the server closes (as an iterative server does
 * after each response). The latency of a request runs from the moment it is due, including any
 * reconnect.
 */
export class LoadConnection {
  private readonly target: LoadTarget;
  private readonly owner: LoadConnectionOwner;
  private readonly parser = new HttpResponseParser();
  private socket: Socket | undefined;
  private socketConnected = false;
  private awaitingResponse = false;
  private requestDueAt = 0;
  private requestSentAt = 0;
  private timeoutTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(target: LoadTarget, owner: LoadConnectionOwner) {
    this.target = target;
    this.owner = owner;
  }

  /** Free to send: not waiting for a response, nor pausing after a failure. */
  get idle(): boolean {
    return !this.closed && !this.awaitingResponse && this.retryTimer === undefined;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timeoutTimer);
    clearTimeout(this.retryTimer);
    this.discardSocket();
  }

  /** Sends one request, due at `dueAt` (now, unless the owner's schedule says it was earlier). */
  send(dueAt = performance.now()): void {
    if (this.closed || !this.owner.running || this.awaitingResponse) return;
    this.requestSentAt = performance.now();
    this.requestDueAt = Math.min(dueAt, this.requestSentAt);
    this.awaitingResponse = true;
    // One timer per connection, re-armed per request: creating a timer for every request costs
    // more CPU than the rest of a request's bookkeeping, CPU the server under test could use.
    if (this.timeoutTimer === undefined) this.timeoutTimer = setTimeout(() => this.onTimeout(), this.target.timeoutMs);
    else this.timeoutTimer.refresh();
    // A socket queues writes made before it connects, so a new connection is written to at once.
    const socket = this.socket ?? this.openSocket();
    socket.write(this.target.request);
    this.owner.traffic.bytesSent += this.target.request.length;
  }

  private openSocket(): Socket {
    this.parser.reset();
    this.socketConnected = false;
    const socket = connect({ host: this.target.host, port: this.target.port, noDelay: true });
    this.socket = socket;
    this.owner.traffic.connectionsOpened += 1;
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
    this.owner.traffic.bytesReceived += chunk.length;
    const result = this.parser.push(chunk);
    this.owner.traffic.responses += result.responses.length;
    let closeAfter = false;
    for (const response of result.responses) {
      if (!this.awaitingResponse) {
        this.failConnection('protocol');
        return;
      }
      this.awaitingResponse = false;
      if (response.status >= 200 && response.status < 300) this.owner.recordResponse(response.status, this.requestDueAt, this.requestSentAt);
      else this.owner.recordError('status', this.requestDueAt);
      closeAfter = response.closeAfter;
    }
    if (result.error !== undefined) {
      this.failConnection('protocol');
      return;
    }
    if (result.responses.length === 0) return;
    if (closeAfter) this.discardSocket();
    this.becomeIdle();
  }

  private becomeIdle(): void {
    if (!this.closed) this.owner.connectionIdle(this);
  }

  private onTimeout(): void {
    if (!this.awaitingResponse) return;
    this.awaitingResponse = false;
    this.owner.recordError('timeout', this.requestDueAt);
    this.discardSocket();
    this.becomeIdle();
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
    this.owner.recordError(kind, this.requestDueAt);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.becomeIdle();
    }, retryDelayMs);
  }

  private discardSocket(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.socketConnected = false;
    this.parser.reset();
    socket?.destroy();
  }
}
