// The source's end of the migration link: the two connections, the sender, the frames coming back
// on the return path, and a failure signal every step of a migration races against, so a cut link
// or a dead destination ends the migration at once instead of hanging it.
import { createServer, type Server, type Socket } from 'node:net';
import { epochMs } from '../guest/guestControl.ts';
import { FrameReader, frame, frameTypes } from '../link/linkFrames.ts';
import { LinkSender, type LinkShape } from '../link/linkSender.ts';
import { listenOnLoopback } from '../link/listenOnLoopback.ts';

export class LinkBroken extends Error {
  override readonly name = 'LinkBroken';
}

export interface SwitchOverProbe {
  roundTripMs: number;
  /**
   * From sending the probe (as the CPU state is sent) to the destination's guest, woken as a resume
   * wakes it, answering: the second half of a switch-over without its bytes. Undefined when the
   * guest did not answer (it already runs, or was late).
   */
  toWokenGuestMs: number | undefined;
}

export interface ReceivedAll {
  duplicatePages: number;
  checksums: Uint32Array;
}

/**
 * The source listens and the destination connects: the destination then reads with a fixed
 * `onread` buffer (only client sockets have one), which keeps the kernel copying straight into
 * reused memory — about 2 GB/s on loopback here, against 0.3-0.5 GB/s with a fresh buffer per read.
 */
export class LinkListener {
  private readonly server: Server;
  private readonly accepted: (Socket | undefined)[] = [undefined, undefined];
  private waiter: (() => void) | undefined;

  constructor() {
    this.server = createServer((socket) => {
      // The destination's first bytes say which channel this connection is: one byte, 0 or 1.
      socket.once('data', (first: Buffer) => {
        // Hold further bytes until SourceLink listens (a flowing socket without listeners drops them).
        socket.pause();
        const channel = first[0] === 1 ? 1 : 0;
        this.accepted[channel]?.destroy();
        this.accepted[channel] = socket;
        if (first.length > 1) socket.unshift(first.subarray(1));
        this.waiter?.();
      });
      socket.on('error', () => socket.destroy());
    });
  }

  listen(): Promise<number> {
    return listenOnLoopback(this.server);
  }

  /** Both channels of one migration, once the destination has connected them (bounded). */
  async channels(timeoutMs: number): Promise<[Socket, Socket]> {
    const until = performance.now() + timeoutMs;
    while (this.accepted[0] === undefined || this.accepted[1] === undefined) {
      const left = until - performance.now();
      if (left <= 0) throw new LinkBroken(`the destination did not connect within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const pair: [Socket, Socket] = [this.accepted[0], this.accepted[1]];
    this.accepted[0] = undefined;
    this.accepted[1] = undefined;
    return pair;
  }

  close(): void {
    for (const socket of this.accepted) socket?.destroy();
    this.server.close();
  }
}

export class SourceLink {
  readonly sender: LinkSender;
  returnPathBytes = 0;
  readonly failed: Promise<never>;
  private failure: Error | undefined;
  private rejectFailed!: (error: Error) => void;
  private readonly sockets: Socket[];
  private resumedWaiters: (() => void)[] = [];
  private resumedSeen = false;
  private roundsAcknowledged = 0;
  private roundWaiters: (() => void)[] = [];
  private receivedAllWaiters: ((value: ReceivedAll) => void)[] = [];
  private receivedAllValue: ReceivedAll | undefined;
  private probesSent = 0;
  private probeWaiters = new Map<number, (guestWokeAtEpochMs: number) => void>();

  private constructor(bulk: Socket, urgent: Socket, shape: LinkShape) {
    this.sockets = [bulk, urgent];
    this.failed = new Promise<never>((_resolve, reject) => {
      this.rejectFailed = reject;
    });
    this.failed.catch(() => undefined);
    // Channel numbers follow linkFrames' `channels`: 0 bulk, 1 urgent.
    for (const [channel, socket] of [bulk, urgent].entries()) {
      // The source's hello tells the destination how to shape its return path.
      const hello = Buffer.concat([Buffer.from([channel, 0, 0, 0]), Buffer.from(JSON.stringify(shape))]);
      socket.setNoDelay(true);
      for (const part of frame(frameTypes.hello, hello)) socket.write(part);
      const reader = new FrameReader((type, payload) => this.onFrame(type, payload));
      socket.on('data', (chunk: Buffer) => {
        this.returnPathBytes += chunk.length;
        reader.push(chunk);
      });
      socket.on('error', (error) => this.fail(new LinkBroken(`link error: ${error.message}`)));
      socket.on('close', () => this.fail(new LinkBroken('the link to the destination closed')));
      socket.resume();
    }
    this.sender = new LinkSender(bulk, urgent, shape);
  }

  static async open(listener: LinkListener, shape: LinkShape): Promise<SourceLink> {
    const [bulk, urgent] = await listener.channels(10_000);
    return new SourceLink(bulk, urgent, shape);
  }

  fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.sender.close();
    for (const socket of this.sockets) socket.destroy();
    this.rejectFailed(error);
  }

  /** Throws if the link already failed (checked between batches). */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for `promise`, or throws as soon as the link fails. */
  guard<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.failed]);
  }

  whenResumed(): Promise<void> {
    if (this.resumedSeen) return Promise.resolve();
    return this.guard(new Promise<void>((resolve) => this.resumedWaiters.push(resolve)));
  }

  /** Resolves when the destination has received everything up to the end of `round`. */
  whenRoundAcknowledged(round: number): Promise<void> {
    if (this.roundsAcknowledged >= round) return Promise.resolve();
    return this.guard(
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (this.roundsAcknowledged >= round) resolve();
          else this.roundWaiters.push(check);
        };
        this.roundWaiters.push(check);
      }),
    );
  }

  /**
   * A small frame sent on the bulk channel (as the CPU state is), through the shaper; the
   * destination wakes its waiting guest as a resume would and echoes when the guest answered.
   */
  async probe(): Promise<SwitchOverProbe> {
    this.probesSent += 1;
    const sequence = this.probesSent;
    const echoed = this.guard(new Promise<number>((resolve) => this.probeWaiters.set(sequence, resolve)));
    const started = performance.now();
    const sentAtEpochMs = epochMs();
    this.sender.sendBulk(frame(frameTypes.probe, Buffer.from(Uint32Array.of(sequence).buffer)));
    const guestWokeAtEpochMs = await echoed;
    return { roundTripMs: performance.now() - started, toWokenGuestMs: guestWokeAtEpochMs > 0 ? Math.max(0, guestWokeAtEpochMs - sentAtEpochMs) : undefined };
  }

  whenReceivedAll(): Promise<ReceivedAll> {
    if (this.receivedAllValue !== undefined) return Promise.resolve(this.receivedAllValue);
    return this.guard(new Promise<ReceivedAll>((resolve) => this.receivedAllWaiters.push(resolve)));
  }

  private onFrame(type: number, payload: Buffer): void {
    // Page requests come on the urgent channel's own connection (urgentChannelWorker.ts), not here.
    if (type === frameTypes.roundAck) {
      this.roundsAcknowledged = Math.max(this.roundsAcknowledged, payload.readUInt32LE(0));
      for (const wake of this.roundWaiters.splice(0)) wake();
    } else if (type === frameTypes.probeEcho) {
      const sequence = payload.readUInt32LE(0);
      this.probeWaiters.get(sequence)?.(payload.readDoubleLE(4));
      this.probeWaiters.delete(sequence);
    } else if (type === frameTypes.resumed) {
      this.resumedSeen = true;
      for (const wake of this.resumedWaiters.splice(0)) wake();
    } else if (type === frameTypes.receivedAll) {
      const count = payload.readUInt32LE(4);
      const checksums = new Uint32Array(count);
      Buffer.from(checksums.buffer).set(payload.subarray(8, 8 + count * 4));
      this.receivedAllValue = { duplicatePages: payload.readUInt32LE(0), checksums };
      for (const wake of this.receivedAllWaiters.splice(0)) wake(this.receivedAllValue);
    }
  }

  close(): void {
    this.sender.close();
    for (const socket of this.sockets) {
      socket.removeAllListeners('close');
      socket.destroy();
    }
  }
}
