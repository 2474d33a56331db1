import { connect, type Socket } from 'node:net';
import type { CancelMethod } from './cancelMethods.ts';
import { monotonicMs, readSlot, sharedSlot, sharedSlots } from './sharedUploadState.ts';
import { frameHeader, frameHeaderBytes, frameType } from './uploadFrames.ts';

export interface UploadClientOptions {
  uploadId: number;
  uploadPort: number;
  urgentPort: number;
  size: number;
  chunkSize: number;
  /** Bytes the client keeps queued in its own socket buffer ahead of the kernel (Node's writable high-water mark). */
  clientQueue: number;
  shared: SharedArrayBuffer;
  /** The urgent-port client opens its urgent connection with the upload (like FTP's control connection), so a cancel costs no connection set-up. */
  method: CancelMethod;
}

export interface CancelRecord {
  method: CancelMethod;
  cancelAtMs: number;
  /** Bytes the server had read when the client cancelled (read from shared memory at that instant). */
  receivedAtCancel: number;
  /** Bytes the client had written (frames included) when it cancelled. */
  writtenAtCancel: number;
  /** Of those, bytes still in the client's own queue, not yet handed to the kernel. */
  queuedInClientAtCancel: number;
}

const host = '127.0.0.1';
const longestReply = 128;

function readLine(socket: Socket): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const finish = (line: string | undefined) => {
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(line);
    };
    const onData = (piece: Buffer) => {
      text += piece.toString('latin1');
      const end = text.indexOf('\n');
      if (end >= 0) finish(text.slice(0, end));
      else if (text.length > longestReply) finish(undefined);
    };
    const onClose = () => finish(undefined);
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

/**
 * A real client uploading a large file in frames, as fast as the connection takes it (it respects
 * backpressure: at most `clientQueue` bytes wait in its own buffer). `cancel()` stops it with one
 * of the methods and resolves when the cancel has been sent.
 */
export class UploadClient {
  private readonly options: UploadClientOptions;
  private readonly slots: BigInt64Array;
  private readonly socket: Socket;
  private readonly payload: Buffer;
  private readonly sockets: Socket[] = [];
  private readonly urgentSocket: Socket | undefined;
  private writtenBytes = 0;
  private pumping = true;
  /** The server's reply that ends the upload: DONE, or STOPPED for a cancel on the same connection. */
  readonly uploadReply: Promise<string | undefined>;
  readonly connected: Promise<void>;

  constructor(options: UploadClientOptions) {
    this.options = options;
    this.slots = sharedSlots(options.shared);
    this.payload = Buffer.alloc(options.chunkSize, 0x61);
    // Node passes writableHighWaterMark on to the socket's stream, though the typings do not list it.
    const connectOptions = { host, port: options.uploadPort, noDelay: true, writableHighWaterMark: options.clientQueue };
    this.socket = connect(connectOptions);
    this.sockets.push(this.socket);
    // Errors after a cancel are expected (the server drops the connection); they only end the upload.
    this.socket.on('error', () => {});
    this.uploadReply = readLine(this.socket);
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.once('connect', () => this.pump());
    if (options.method === 'urgent-port') {
      this.urgentSocket = connect({ host, port: options.urgentPort, noDelay: true });
      this.sockets.push(this.urgentSocket);
      this.urgentSocket.on('error', () => {});
    }
  }

  get written(): number {
    return this.writtenBytes;
  }

  private pump(): void {
    const { uploadId, size, chunkSize } = this.options;
    // Bounded: each turn writes one chunk; it stops when the queue is full or the file is sent.
    while (this.pumping && this.writtenBytes < size && !this.socket.destroyed) {
      const length = Math.min(chunkSize, size - this.writtenBytes);
      this.socket.write(frameHeader(frameType.data, uploadId, length));
      const roomLeft = this.socket.write(length === chunkSize ? this.payload : this.payload.subarray(0, length));
      this.writtenBytes += frameHeaderBytes + length;
      if (!roomLeft) {
        this.socket.once('drain', () => this.pump());
        return;
      }
    }
    if (this.pumping && this.writtenBytes >= size && !this.socket.destroyed) {
      this.pumping = false;
      this.socket.write(frameHeader(frameType.end, uploadId, 0));
    }
  }

  /** Stops sending data and cancels the upload the given way. */
  cancel(method: CancelMethod): { record: CancelRecord; reply: Promise<string | undefined> } {
    this.pumping = false;
    const record: CancelRecord = {
      method,
      cancelAtMs: monotonicMs(),
      receivedAtCancel: readSlot(this.slots, sharedSlot.receivedBytes),
      writtenAtCancel: this.writtenBytes,
      queuedInClientAtCancel: this.socket.writableLength,
    };
    let reply: Promise<string | undefined> = Promise.resolve(undefined);
    if (method === 'urgent-port' && this.urgentSocket !== undefined) {
      this.urgentSocket.write(`CANCEL ${this.options.uploadId}\n`);
      reply = readLine(this.urgentSocket);
    } else if (method === 'in-band-frame') {
      this.socket.write(frameHeader(frameType.cancel, this.options.uploadId, 0));
      this.writtenBytes += frameHeaderBytes;
      reply = this.uploadReply;
    } else if (method === 'client-close') {
      // close(): what the kernel already holds is still delivered, then FIN; the client's own queue is dropped.
      this.socket.destroy();
    } else {
      this.socket.resetAndDestroy();
    }
    return { record, reply };
  }

  destroy(): void {
    this.pumping = false;
    for (const socket of this.sockets) socket.destroy();
  }
}
