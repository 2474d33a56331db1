// A shaped link as a TCP relay: it listens on one address, forwards every connection to a target,
// and in each direction paces the bytes at the link's bandwidth and delivers them one latency
// later, the way a slow or distant network would. It counts the bytes that cross it in each
// direction, so what an experiment reports as "sent over the network" is what went through the
// link, not what the sender believes it sent. Unshaped (bandwidth 0, latency 0) it is a plain
// counting relay: loopback TCP at full speed.
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';

export interface LinkShape {
  /** Bytes per second; 0 = as fast as loopback goes. */
  bandwidthBytesPerSecond: number;
  /** One-way delay added to every byte. */
  latencyMs: number;
}

export const unshapedLink: LinkShape = { bandwidthBytesPerSecond: 0, latencyMs: 0 };

export interface ShapedRelayOptions {
  /** Address and port the relay listens on (port 0: any free port). */
  listenHost: string;
  listenPort?: number;
  targetHost: string;
  targetPort: number;
  /** Address the relay's own connections to the target start from (default: the system's choice). */
  sourceHost?: string;
  shape: LinkShape;
}

export interface RelayCounters {
  /** Bytes from the connecting side to the target. */
  bytesForward: number;
  /** Bytes from the target back to the connecting side. */
  bytesBackward: number;
  connections: number;
}

/** At most this much is cut into one paced piece: a latency-delayed piece leaves as one write. */
const pieceBytes = 16 * 1024;

interface Piece {
  data: Buffer;
  deliverAt: number;
}

/** One direction of one connection: paces what `source` sends and writes it to `target`. */
class ShapedDirection {
  private readonly queue: Piece[] = [];
  private queuedBytes = 0;
  private linkFreeAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private sourceEnded = false;
  private paused = false;
  private readonly source: Socket;
  private readonly target: Socket;
  private readonly shape: () => LinkShape;
  private readonly count: (bytes: number) => void;

  constructor(source: Socket, target: Socket, shape: () => LinkShape, count: (bytes: number) => void) {
    this.source = source;
    this.target = target;
    this.shape = shape;
    this.count = count;
    source.on('data', (chunk: Buffer) => this.accept(chunk));
    source.on('end', () => {
      this.sourceEnded = true;
      this.flush();
    });
    target.on('drain', () => this.resumeIfRoom());
  }

  /** Keeps a shaped link's queue to about 50 ms of its bandwidth (and at least 256 KiB). */
  private highWaterBytes(): number {
    const { bandwidthBytesPerSecond } = this.shape();
    return Math.max(256 * 1024, bandwidthBytesPerSecond / 20);
  }

  private accept(chunk: Buffer): void {
    this.count(chunk.length);
    const { bandwidthBytesPerSecond, latencyMs } = this.shape();
    if (bandwidthBytesPerSecond <= 0 && latencyMs <= 0 && this.queue.length === 0) {
      if (!this.target.write(chunk)) this.pauseSource();
      return;
    }
    const now = performance.now();
    for (let offset = 0; offset < chunk.length; offset += pieceBytes) {
      const data = chunk.subarray(offset, Math.min(chunk.length, offset + pieceBytes));
      // A piece starts when the link is free, takes its serialisation time, then the latency.
      const startsAt = Math.max(now, this.linkFreeAt);
      this.linkFreeAt = startsAt + (bandwidthBytesPerSecond > 0 ? (data.length * 1000) / bandwidthBytesPerSecond : 0);
      this.queue.push({ data, deliverAt: this.linkFreeAt + latencyMs });
      this.queuedBytes += data.length;
    }
    if (this.queuedBytes >= this.highWaterBytes()) this.pauseSource();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const head = this.queue[0];
    if (head === undefined) return;
    const waitMs = head.deliverAt - performance.now();
    if (waitMs <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, Math.ceil(waitMs));
  }

  private flush(): void {
    const now = performance.now();
    let blocked = false;
    // A timer may fire a fraction of a millisecond early; what is due within it goes now.
    while (this.queue.length > 0 && this.queue[0]!.deliverAt <= now + 0.25) {
      const piece = this.queue.shift()!;
      this.queuedBytes -= piece.data.length;
      if (!this.target.destroyed && !this.target.write(piece.data)) blocked = true;
    }
    if (!blocked) this.resumeIfRoom();
    if (this.queue.length > 0) this.schedule();
    else if (this.sourceEnded && !this.target.destroyed) this.target.end();
  }

  private pauseSource(): void {
    if (this.paused) return;
    this.paused = true;
    this.source.pause();
  }

  private resumeIfRoom(): void {
    if (!this.paused || this.queuedBytes >= this.highWaterBytes() / 2 || this.target.writableNeedDrain) return;
    this.paused = false;
    this.source.resume();
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.queuedBytes = 0;
  }
}

export class ShapedRelay {
  private shapeNow: LinkShape;
  private readonly sockets = new Set<Socket>();
  private readonly directions = new Set<ShapedDirection>();
  readonly counters: RelayCounters = { bytesForward: 0, bytesBackward: 0, connections: 0 };
  private readonly server: Server;
  private readonly options: ShapedRelayOptions;

  private constructor(server: Server, options: ShapedRelayOptions) {
    this.server = server;
    this.options = options;
    this.shapeNow = { ...options.shape };
    server.on('connection', (socket) => this.relay(socket));
  }

  /** Starts listening; resolves once the relay accepts connections. */
  static start(options: ShapedRelayOptions): Promise<ShapedRelay> {
    const server = createServer({ pauseOnConnect: true, noDelay: true });
    const relay = new ShapedRelay(server, options);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.listenHost, port: options.listenPort ?? 0 }, () => {
        server.off('error', reject);
        resolve(relay);
      });
    });
  }

  get address(): { host: string; port: number } {
    const address = this.server.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }

  get shape(): LinkShape {
    return { ...this.shapeNow };
  }

  /** Changes the shape for every byte accepted from now on (bytes already queued keep theirs). */
  setShape(shape: LinkShape): void {
    this.shapeNow = { ...shape };
  }

  resetCounters(): void {
    this.counters.bytesForward = 0;
    this.counters.bytesBackward = 0;
    this.counters.connections = 0;
  }

  get openConnections(): number {
    return this.sockets.size / 2;
  }

  private relay(inbound: Socket): void {
    this.counters.connections += 1;
    const outbound = connect({ host: this.options.targetHost, port: this.options.targetPort, ...(this.options.sourceHost === undefined ? {} : { localAddress: this.options.sourceHost }), noDelay: true });
    for (const socket of [inbound, outbound]) {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        // One side gone: the other has nowhere to send (a reset, as a broken link gives).
        (socket === inbound ? outbound : inbound).destroy();
      });
      socket.on('error', () => socket.destroy());
    }
    const shape = (): LinkShape => this.shapeNow;
    const forward = new ShapedDirection(inbound, outbound, shape, (bytes) => (this.counters.bytesForward += bytes));
    const backward = new ShapedDirection(outbound, inbound, shape, (bytes) => (this.counters.bytesBackward += bytes));
    this.directions.add(forward);
    this.directions.add(backward);
    outbound.once('close', () => {
      forward.close();
      backward.close();
      this.directions.delete(forward);
      this.directions.delete(backward);
    });
    outbound.once('connect', () => inbound.resume());
  }

  /** Stops listening and cuts every connection through it. */
  close(): Promise<void> {
    for (const direction of this.directions) direction.close();
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const bitsPerSecond: Record<string, number> = { kbit: 1e3, mbit: 1e6, gbit: 1e9 };
const bytesPerSecond: Record<string, number> = { 'kb/s': 1e3, 'mb/s': 1e6, 'gb/s': 1e9 };

/** The pattern a scenario's bandwidth text must match: `10Mbit`, `1Gbit`, `500kB/s`, `unlimited`. */
export const bandwidthTextPattern = '^\\s*(unlimited|0|\\d+(\\.\\d+)?\\s*([kKmMgG]bit|[kKmMgG]B/s))\\s*$';

/** Bytes per second of a bandwidth written as text; 0 for `unlimited`; undefined when it is not one. */
export function bandwidthFromText(text: string): number | undefined {
  const match = /^\s*(?:(unlimited|0)|(\d+(?:\.\d+)?)\s*([A-Za-z/]+))\s*$/.exec(text);
  if (match === null) return undefined;
  if (match[1] !== undefined) return 0;
  const unit = match[3]!.toLowerCase();
  const scale = bitsPerSecond[unit] === undefined ? bytesPerSecond[unit] : bitsPerSecond[unit] / 8;
  return scale === undefined ? undefined : Number(match[2]) * scale;
}

/** How a link reads in a label: `10Mbit/s, 5 ms`, `unshaped`. */
export function linkShapeLabel(shape: LinkShape): string {
  if (shape.bandwidthBytesPerSecond <= 0 && shape.latencyMs <= 0) return 'unshaped';
  const bits = shape.bandwidthBytesPerSecond * 8;
  const bandwidth = bits <= 0 ? 'unlimited' : bits >= 1e9 ? `${+(bits / 1e9).toFixed(2)}Gbit/s` : bits >= 1e6 ? `${+(bits / 1e6).toFixed(2)}Mbit/s` : `${+(bits / 1e3).toFixed(2)}kbit/s`;
  return `${bandwidth}, ${+shape.latencyMs.toFixed(3)} ms`;
}
