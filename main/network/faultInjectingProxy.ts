// A TCP proxy that stands for the network on one link between a client and a server, and makes
// it unreliable on purpose: per direction it loses, delays, duplicates messages and resets the
// connection, each with its own probability, decided per message from the run's seed (as
// Toxiproxy's toxics and MIT 6.5840's labrpc do). It works on whole messages (length-prefixed
// frames, ONC RPC's record marking), not on TCP segments: TCP itself never loses or duplicates
// bytes, so a lost message here is one that the network, a middlebox or a crashing peer dropped.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { drawAt, nameKey } from './seededDecisions.ts';

export interface DirectionFaults {
  /** Share of messages dropped (0–1). */
  loss: number;
  /** Share of messages held back by `delayMs` before they are passed on (order is kept). */
  delayShare: number;
  delayMs: number;
  /** Share of messages passed on twice. */
  duplicate: number;
  /** Share of messages at which the connection is reset instead (both ends get an RST). */
  reset: number;
}

export interface LinkFaults {
  /** Client to server: requests. */
  toServer: DirectionFaults;
  /** Server to client: replies (and the server's callbacks). */
  toClient: DirectionFaults;
}

export type Direction = keyof LinkFaults;

export const noFaults: DirectionFaults = { loss: 0, delayShare: 0, delayMs: 0, duplicate: 0, reset: 0 };
export const reliableLink: LinkFaults = { toServer: noFaults, toClient: noFaults };

export interface FaultCounts {
  /** Whole messages seen in this direction. */
  messages: number;
  /** Copies written on (a duplicated message counts twice). */
  forwarded: number;
  lost: number;
  delayed: number;
  duplicated: number;
  resets: number;
}

export interface ProxyAddress {
  host: string;
  port: number;
}

export interface FaultInjectingProxyOptions {
  /** Names the link; with the seed it fixes which messages meet which fault. */
  name: string;
  seed: number;
  /** Where the proxy listens (the address clients are given); port 0 picks a free one. */
  listen: ProxyAddress;
  upstream: ProxyAddress;
  faults?: LinkFaults;
  /** A larger frame is not a message of this protocol: the connection is reset. */
  maximumMessageBytes?: number;
  /** Told of every message written to its destination's connection (a server's load, seen from the network). */
  onDelivered?: (direction: Direction, message: Buffer) => void;
}

const emptyCounts = (): FaultCounts => ({ messages: 0, forwarded: 0, lost: 0, delayed: 0, duplicated: 0, resets: 0 });
const slot = { reset: 0, loss: 1, delay: 2, duplicate: 3 } as const;
const frameHeaderBytes = 4;

/**
 * Sends an RST and closes. A socket whose sending side was already shut down (a clean close
 * passed on) cannot be reset — libuv refuses, and Node then never closes the handle — so it is
 * simply closed.
 */
function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableEnded || socket.connecting) socket.destroy();
  else socket.resetAndDestroy();
}

/** Splits a byte stream into length-prefixed frames: a 4-byte big-endian header, the low 31 bits its length. */
class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private readonly maximumBytes: number;

  constructor(maximumBytes: number) {
    this.maximumBytes = maximumBytes;
  }

  /** The whole frames `chunk` completes (header included); throws on a frame over the limit. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    while (this.pending.length >= frameHeaderBytes) {
      const length = this.pending.readUInt32BE(0) & 0x7fffffff;
      if (length > this.maximumBytes) throw new Error(`frame of ${length} bytes is over ${this.maximumBytes}`);
      if (this.pending.length < frameHeaderBytes + length) break;
      frames.push(Buffer.from(this.pending.subarray(0, frameHeaderBytes + length)));
      this.pending = this.pending.subarray(frameHeaderBytes + length);
    }
    return frames;
  }
}

/** One direction of one proxied connection: messages leave in order, each no earlier than it may. */
class Outbound {
  private readonly queue: { message: Buffer; copies: number; releaseAtMs: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastReleaseAtMs = 0;
  private whenDrained: (() => void) | undefined;
  private readonly write: (message: Buffer) => void;

  constructor(write: (message: Buffer) => void) {
    this.write = write;
  }

  send(message: Buffer, copies: number, holdMs: number): void {
    const releaseAtMs = Math.max(this.lastReleaseAtMs, performance.now() + holdMs);
    this.lastReleaseAtMs = releaseAtMs;
    this.queue.push({ message, copies, releaseAtMs });
    this.drain();
  }

  /** Calls `then` once every queued message has left (at once if none is queued). */
  finish(then: () => void): void {
    this.whenDrained = then;
    this.drain();
  }

  private drain(): void {
    if (this.timer !== undefined) return;
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.releaseAtMs <= now) {
      const { message, copies } = this.queue.shift()!;
      for (let copy = 0; copy < copies; copy += 1) this.write(message);
    }
    const next = this.queue[0];
    if (next !== undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, Math.max(1, Math.ceil(next.releaseAtMs - now)));
    } else if (this.whenDrained !== undefined) {
      const then = this.whenDrained;
      this.whenDrained = undefined;
      then();
    }
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.whenDrained = undefined;
  }
}

/**
 * The proxy of one link. Message k in a direction meets the same faults in every run with the
 * same seed and link name, whichever connection it travels on (counting goes on across reconnects).
 */
export class FaultInjectingProxy {
  readonly name: string;
  private readonly options: FaultInjectingProxyOptions;
  private faults: LinkFaults;
  private upstream: ProxyAddress;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly outbounds = new Set<Outbound>();
  private readonly indexes: Record<Direction, number> = { toServer: 0, toClient: 0 };
  private readonly tallies: Record<Direction, FaultCounts> = { toServer: emptyCounts(), toClient: emptyCounts() };
  private readonly keys: Record<Direction, number>;
  private connectionCount = 0;
  private listening: ProxyAddress | undefined;

  constructor(options: FaultInjectingProxyOptions) {
    this.options = options;
    this.name = options.name;
    this.faults = options.faults ?? reliableLink;
    this.upstream = options.upstream;
    this.keys = { toServer: nameKey(`${options.name}>server`), toClient: nameKey(`${options.name}>client`) };
  }

  /** The address clients connect to. */
  get address(): ProxyAddress {
    if (this.listening === undefined) throw new Error(`proxy ${this.name} is not listening`);
    return this.listening;
  }

  async start(): Promise<ProxyAddress> {
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.options.listen.host, port: this.options.listen.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.listening = { host: this.options.listen.host, port: (server.address() as { port: number }).port };
    return this.listening;
  }

  /** Faults from now on (a run changes them between phases). */
  setFaults(faults: LinkFaults): void {
    this.faults = faults;
  }

  /** Where new connections go from now on; open ones stay where they are. */
  setUpstream(upstream: ProxyAddress): void {
    this.upstream = upstream;
  }

  counts(): { toServer: FaultCounts; toClient: FaultCounts; connections: number } {
    return { toServer: { ...this.tallies.toServer }, toClient: { ...this.tallies.toClient }, connections: this.connectionCount };
  }

  /** Resets every open connection (what a crashed middlebox or a cut cable does to them). */
  resetConnections(): void {
    for (const socket of this.sockets) resetSocket(socket);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private accept(client: Socket): void {
    this.connectionCount += 1;
    this.track(client);
    client.setNoDelay(true);
    const upstream = connect({ host: this.upstream.host, port: this.upstream.port, noDelay: true });
    this.track(upstream);
    const maximum = this.options.maximumMessageBytes ?? 4 * 1024 * 1024;
    const delivered = this.options.onDelivered;
    let reset = false;
    // A message written before the upstream connection is up reaches the server only if it comes up.
    let upstreamUp = false;
    const awaitingConnect: Buffer[] = [];
    upstream.once('connect', () => {
      upstreamUp = true;
      for (const message of awaitingConnect.splice(0)) delivered?.('toServer', message);
    });
    const toServer = new Outbound((message) => {
      upstream.write(message);
      if (upstreamUp) delivered?.('toServer', message);
      else if (delivered !== undefined) awaitingConnect.push(message);
    });
    const toClient = new Outbound((message) => {
      client.write(message);
      delivered?.('toClient', message);
    });
    this.outbounds.add(toServer).add(toClient);
    const forget = (): void => {
      toServer.clear();
      toClient.clear();
      this.outbounds.delete(toServer);
      this.outbounds.delete(toClient);
    };
    const resetBoth = (): void => {
      if (reset) return;
      reset = true;
      forget();
      resetSocket(client);
      resetSocket(upstream);
    };
    const relay = (direction: Direction, outbound: Outbound, source: Socket, destination: Socket): void => {
      const splitter = new FrameSplitter(maximum);
      source.on('data', (chunk: Buffer) => {
        if (reset) return;
        let frames: Buffer[];
        try {
          frames = splitter.push(chunk);
        } catch {
          resetBoth();
          return;
        }
        for (const frame of frames) {
          if (reset) return;
          this.pass(direction, frame, outbound, resetBoth);
        }
      });
      // A clean close travels on once the messages queued before it have left.
      source.on('end', () => outbound.finish(() => destination.end()));
      source.on('error', resetBoth);
    };
    relay('toServer', toServer, client, upstream);
    relay('toClient', toClient, upstream, client);
    let open = 2;
    const closed = (hadError: boolean): void => {
      open -= 1;
      if (hadError) resetBoth();
      if (open === 0) forget();
    };
    client.once('close', closed);
    upstream.once('close', closed);
  }

  /** Decides the fate of one message and acts on it. */
  private pass(direction: Direction, message: Buffer, outbound: Outbound, reset: () => void): void {
    const index = this.indexes[direction];
    this.indexes[direction] += 1;
    const faults = this.faults[direction];
    const tally = this.tallies[direction];
    const key = this.keys[direction];
    const seed = this.options.seed;
    tally.messages += 1;
    if (drawAt(seed, key, index, slot.reset) < faults.reset) {
      tally.resets += 1;
      reset();
      return;
    }
    if (drawAt(seed, key, index, slot.loss) < faults.loss) {
      tally.lost += 1;
      return;
    }
    const delayed = drawAt(seed, key, index, slot.delay) < faults.delayShare && faults.delayMs > 0;
    const copies = drawAt(seed, key, index, slot.duplicate) < faults.duplicate ? 2 : 1;
    if (delayed) tally.delayed += 1;
    if (copies === 2) tally.duplicated += 1;
    tally.forwarded += copies;
    outbound.send(message, copies, delayed ? faults.delayMs : 0);
  }

  /** Closes the listening port and resets every connection; nothing is left pending. */
  async stop(): Promise<void> {
    for (const outbound of this.outbounds) outbound.clear();
    this.outbounds.clear();
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
