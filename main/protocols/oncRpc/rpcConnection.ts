// One TCP connection carrying ONC RPC records in both directions: calls out and their replies
// back, matched by request id; and calls in (a server calling its client back on the client's own
// connection, as NFSv4.1's back channel does), answered by a handler.
import type { Socket } from 'node:net';
import { recordMark, RecordDecoder } from './oncRpcMessages.ts';
import { RpcConnectionError, RpcTimeoutError } from './rpcErrors.ts';

const messageTypeOffset = 4;

export interface RpcConnectionOptions {
  maximumRecordBytes?: number;
  /** Answers a call that arrives on this connection; undefined sends no reply. */
  onCall?: (message: Buffer) => Promise<Buffer | undefined> | Buffer | undefined;
}

interface Waiter {
  resolve: (reply: Buffer) => void;
  reject: (error: Error) => void;
}

export class RpcConnection {
  readonly socket: Socket;
  private readonly waiters = new Map<number, Waiter[]>();
  private readonly decoder: RecordDecoder;
  private readonly onCall: RpcConnectionOptions['onCall'];
  private closeReason: RpcConnectionError | undefined;
  readonly closed: Promise<RpcConnectionError>;

  constructor(socket: Socket, options: RpcConnectionOptions = {}) {
    this.socket = socket;
    this.decoder = new RecordDecoder(options.maximumRecordBytes ?? 4 * 1024 * 1024);
    this.onCall = options.onCall;
    socket.setNoDelay(true);
    let markClosed: (reason: RpcConnectionError) => void = () => undefined;
    this.closed = new Promise((resolve) => (markClosed = resolve));
    let lastError: NodeJS.ErrnoException | undefined;
    socket.on('error', (error: NodeJS.ErrnoException) => (lastError = error));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.once('close', () => {
      const code = lastError?.code ?? 'closed';
      this.closeReason = new RpcConnectionError(lastError === undefined ? 'the connection was closed before the reply came' : `the connection failed: ${lastError.message}`, code);
      for (const waiters of this.waiters.values()) for (const waiter of waiters) waiter.reject(this.closeReason);
      this.waiters.clear();
      markClosed(this.closeReason);
    });
  }

  get isOpen(): boolean {
    return this.closeReason === undefined && !this.socket.destroyed;
  }

  private receive(chunk: Buffer): void {
    let records: Buffer[];
    try {
      records = this.decoder.push(chunk);
    } catch {
      this.socket.destroy();
      return;
    }
    for (const record of records) {
      if (record.length < 8) continue;
      const type = record.readUInt32BE(messageTypeOffset);
      if (type === 1) {
        const xid = record.readUInt32BE(0);
        const waiters = this.waiters.get(xid);
        if (waiters === undefined) continue; // a late or duplicated reply: nobody waits for it any more
        this.waiters.delete(xid);
        for (const waiter of waiters) waiter.resolve(record);
      } else if (type === 0 && this.onCall !== undefined) {
        void Promise.resolve(this.onCall(record)).then(
          (reply) => {
            if (reply !== undefined && this.isOpen) this.socket.write(recordMark(reply));
          },
          () => undefined,
        );
      }
    }
  }

  /** Sends a call and waits for the reply with its request id, at most `timeoutMs`. */
  call(xid: number, message: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
    if (this.closeReason !== undefined) return Promise.reject(this.closeReason);
    return new Promise<Buffer>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        resolve: (reply) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const forget = (): void => {
        const waiters = this.waiters.get(xid);
        if (waiters === undefined) return;
        const remaining = waiters.filter((candidate) => candidate !== waiter);
        if (remaining.length === 0) this.waiters.delete(xid);
        else this.waiters.set(xid, remaining);
      };
      const onAbort = (): void => {
        forget();
        waiter.reject(new RpcTimeoutError('the call was cancelled'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => {
        forget();
        waiter.reject(new RpcTimeoutError(`no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiters = this.waiters.get(xid);
      if (waiters === undefined) this.waiters.set(xid, [waiter]);
      else waiters.push(waiter);
      this.socket.write(recordMark(message));
    });
  }

  /** Sends a record without waiting for anything (a reply, or a call nobody waits on). */
  send(message: Buffer): void {
    if (this.isOpen) this.socket.write(recordMark(message));
  }

  close(): void {
    this.socket.destroy();
  }
}
