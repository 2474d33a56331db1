import type { Socket } from 'node:net';
import { encodeHttpResponse, errorBody } from './httpResponse.ts';
import { HttpRequestParser, type HttpParseError, type HttpRequest } from './httpRequestParser.ts';

/**
 * Does one request's work. Calls `done()` when the response may be written (synchronously or
 * later), `done(undefined, undefined, body)` to send that body instead of the server's usual one
 * (a file), or `done(status, reason)` to answer with an error instead and close the connection.
 */
export type RequestHandler = (request: HttpRequest, done: (status?: number, reason?: string, body?: Buffer) => void) => void;

export interface HttpConnectionOptions {
  serverName: string;
  responseBody: Buffer;
  handleRequest: RequestHandler;
  /** Close the connection after this many responses (0: no limit). */
  maximumRequests?: number;
  /** Close a connection that sends nothing for this long while no request is in progress (0: never). */
  idleTimeoutMs?: number;
  onClose?: () => void;
}

/** Pipelined requests beyond this many are left in the socket until the backlog shrinks. */
const maximumWaitingRequests = 64;

/** How long a connection we have ended waits for the peer to close its side. */
const halfClosedLingerMs = 2000;

/**
 * Serves HTTP/1.1 on one socket: requests are answered one at a time and in order (pipelining
 * needs responses in request order), the connection is kept alive unless the client or the
 * server's limits say otherwise, and a malformed request is answered with its status, then closed.
 */
export class HttpConnection {
  private readonly parser = new HttpRequestParser();
  private readonly waiting: HttpRequest[] = [];
  private parseError: HttpParseError | undefined;
  private busy = false;
  private pumping = false;
  private finished = false;
  private peerEnded = false;
  private served = 0;
  private readonly socket: Socket;
  private readonly options: HttpConnectionOptions;

  constructor(socket: Socket, options: HttpConnectionOptions) {
    this.socket = socket;
    this.options = options;
    socket.setNoDelay(true);
    // A client that resets mid-response is normal under load; the close event cleans up.
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => {
      this.peerEnded = true;
      this.pump();
    });
    socket.on('close', () => {
      this.finished = true;
      options.onClose?.();
    });
    if (options.idleTimeoutMs !== undefined && options.idleTimeoutMs > 0) {
      socket.setTimeout(options.idleTimeoutMs, () => {
        if (!this.busy && this.waiting.length === 0) this.close();
      });
    }
  }

  close(): void {
    this.finished = true;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    if (this.finished) return;
    const result = this.parser.push(chunk);
    this.waiting.push(...result.requests);
    if (result.error !== undefined) this.parseError = result.error;
    if (this.waiting.length > maximumWaitingRequests) this.socket.pause();
    this.pump();
  }

  private pump(): void {
    // A handler that answers synchronously re-enters here through `complete`; the loop below
    // carries on instead, so a long pipeline does not grow the stack.
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.busy && !this.finished) {
        const request = this.waiting.shift();
        if (request === undefined) {
          if (this.parseError !== undefined) this.answerErrorAndClose(this.parseError.status, this.parseError.reason, false);
          else if (this.peerEnded) this.endGracefully();
          else if (this.socket.isPaused()) this.socket.resume();
          break;
        }
        this.busy = true;
        this.options.handleRequest(request, (status, reason, body) => this.complete(request, status, reason, body));
      }
    } finally {
      this.pumping = false;
    }
  }

  private complete(request: HttpRequest, status: number | undefined, reason: string | undefined, body: Buffer | undefined): void {
    this.busy = false;
    if (this.finished || this.socket.destroyed) return;
    if (status !== undefined && status !== 200) {
      this.answerErrorAndClose(status, reason ?? 'error', request.method === 'HEAD');
      return;
    }
    this.served += 1;
    const limit = this.options.maximumRequests ?? 0;
    const keepAlive = request.keepAlive && (limit === 0 || this.served < limit);
    const keepAliveParameters =
      limit === 0 ? undefined : `timeout=${Math.max(1, Math.round((this.options.idleTimeoutMs ?? 1000) / 1000))}, max=${limit - this.served}`;
    this.socket.write(
      encodeHttpResponse({
        status: 200,
        body: body ?? this.options.responseBody,
        keepAlive,
        keepAliveParameters,
        omitBody: request.method === 'HEAD',
        serverName: this.options.serverName,
      }),
    );
    if (!keepAlive) {
      this.endGracefully();
      return;
    }
    this.pump();
  }

  private answerErrorAndClose(status: number, reason: string, omitBody: boolean): void {
    this.socket.write(encodeHttpResponse({ status, body: errorBody(reason), keepAlive: false, omitBody, serverName: this.options.serverName }));
    this.endGracefully();
  }

  private endGracefully(): void {
    this.finished = true;
    this.waiting.length = 0;
    this.socket.end();
    // A peer that never closes its side must not hold the connection (and, in the iterative
    // server, every client queued behind it) forever.
    setTimeout(() => this.socket.destroy(), halfClosedLingerMs).unref();
  }
}
