// A host's TCP links to the other hosts: it listens on its own address, and reaches each peer
// through the shaped relay in front of that peer (one connection per peer, kept open, so a
// request costs only the link's own latency, as on an established connection). Requests carry an
// id and wait for the reply with the same id; one-way frames (a mobile agent's hop) wait for none.
// Every frame sent is counted and reported, for the run's timeline of hops.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { encodeFrame, frameBytes, FrameReader, type Frame, type FrameBody, type FrameHeader } from './hostFrames.ts';

export interface PeerAddress {
  host: string;
  port: number;
}

export interface Hop {
  from: string;
  to: string;
  kind: string;
  bytes: number;
}

/** A header before the link adds its id and sender. */
export type OutgoingHeader = { kind: string; [key: string]: unknown };
/** Resolves with when the reply was handed to the kernel (CLOCK_MONOTONIC, ns). */
export type Respond = (header: { [key: string]: unknown }, body?: FrameBody) => Promise<bigint>;
export type FrameHandler = (frame: Frame, respond: Respond, peerName: string) => void;

interface Pending {
  resolve: (frame: Frame) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class PeerError extends Error {
  override readonly name = 'PeerError';
}

export class PeerLinks {
  readonly name: string;
  private readonly address: string;
  private readonly handler: FrameHandler;
  private readonly report: (hop: Hop) => void;
  private server: Server | undefined;
  private peers: Record<string, PeerAddress> = {};
  private readonly outgoing = new Map<string, Promise<Socket>>();
  private readonly sockets = new Set<Socket>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  framesSent = 0;
  bytesSent = 0;

  constructor(name: string, address: string, handler: FrameHandler, report: (hop: Hop) => void) {
    this.name = name;
    this.address = address;
    this.handler = handler;
    this.report = report;
  }

  listen(): Promise<number> {
    const server = createServer({ noDelay: true }, (socket) => this.adopt(socket, undefined));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.address, port: 0 }, () => resolve((server.address() as { port: number }).port));
    });
  }

  setPeers(peers: Record<string, PeerAddress>): void {
    this.peers = peers;
  }

  /** Sends a request and resolves with the peer's reply (rejects on its error, a broken link or the time limit). */
  async request(peer: string, header: OutgoingHeader, body?: FrameBody, timeoutMs = 120_000, onWritten?: (atNs: bigint) => void): Promise<Frame> {
    const socket = await this.connection(peer);
    const id = this.nextId++;
    const reply = new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PeerError(`${peer} did not answer ${header.kind} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
    const written = this.write(socket, peer, { ...header, id, from: this.name }, body);
    if (onWritten !== undefined) void written.then(onWritten);
    return reply;
  }

  /** Sends a frame that expects no reply. */
  async send(peer: string, header: OutgoingHeader, body?: FrameBody): Promise<void> {
    const socket = await this.connection(peer);
    this.write(socket, peer, { ...header, id: 0, from: this.name }, body);
  }

  private write(socket: Socket, peer: string, header: FrameHeader, body?: FrameBody): Promise<bigint> {
    const parts = encodeFrame(header, body);
    const bytes = frameBytes(parts);
    this.framesSent += 1;
    this.bytesSent += bytes;
    this.report({ from: this.name, to: peer, kind: header.kind === 'reply' ? `${String(header.replyTo)} reply` : header.kind, bytes });
    const written = new Promise<bigint>((resolve) => {
      socket.cork();
      parts.forEach((part, index) => socket.write(part, index === parts.length - 1 ? () => resolve(process.hrtime.bigint()) : undefined));
      socket.uncork();
    });
    return written;
  }

  private connection(peer: string): Promise<Socket> {
    const existing = this.outgoing.get(peer);
    if (existing !== undefined) return existing;
    const address = this.peers[peer];
    if (address === undefined) return Promise.reject(new PeerError(`${this.name} has no link to ${peer}`));
    const opened = new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: address.host, port: address.port, localAddress: this.address, noDelay: true });
      socket.once('connect', () => resolve(socket));
      socket.once('error', (error) => reject(new PeerError(`${this.name} could not reach ${peer}: ${error.message}`)));
      this.adopt(socket, peer);
    });
    this.outgoing.set(peer, opened);
    opened.catch(() => this.outgoing.delete(peer));
    return opened;
  }

  private adopt(socket: Socket, peer: string | undefined): void {
    this.sockets.add(socket);
    const reader = new FrameReader();
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      const receivedAtNs = process.hrtime.bigint();
      for (const frame of frames) this.dispatch(socket, { ...frame, receivedAtNs }, peer ?? frame.header.from);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (peer !== undefined) this.outgoing.delete(peer);
    });
  }

  private dispatch(socket: Socket, frame: Frame, peerName: string): void {
    if (frame.header.kind === 'reply') {
      const waiting = this.pending.get(frame.header.id);
      if (waiting === undefined) return;
      this.pending.delete(frame.header.id);
      clearTimeout(waiting.timer);
      if (typeof frame.header.error === 'string') waiting.reject(new PeerError(frame.header.error));
      else waiting.resolve(frame);
      return;
    }
    const respond: Respond = (header, body) => {
      if (socket.destroyed) return Promise.resolve(process.hrtime.bigint());
      return this.write(socket, peerName, { ...header, kind: 'reply', replyTo: frame.header.kind, id: frame.header.id, from: this.name }, body);
    };
    this.handler(frame, respond, peerName);
  }

  async close(): Promise<void> {
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new PeerError('the host is shutting down'));
    }
    this.pending.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }
}
