// A host's side of the guest's virtual NIC. The guest thread cannot own a socket, so the host owns
// the TCP connection from the front port and moves request records into the guest's receive ring
// and response records out of its transmit ring. What sits in the receive ring when the guest stops
// is device state: it travels with the CPU state, so no request is lost or answered twice.
import { createServer, type Server, type Socket } from 'node:net';
import { controlSlots, waitAsync, type GuestControl } from '../guest/guestControl.ts';
import { SharedRing } from '../guest/sharedRing.ts';
import { nicFrame, NicFrameReader, nicSignals } from './nicFrames.ts';
import { listenOnLoopback } from '../link/listenOnLoopback.ts';

export interface NicRingBuffers {
  receive: SharedArrayBuffer;
  transmit: SharedArrayBuffer;
}

export class NicService {
  private readonly control: GuestControl;
  private readonly receive: SharedRing;
  private readonly transmit: SharedRing;
  private readonly server: Server;
  private front: Socket | undefined;
  /** Records that did not fit the receive ring yet, oldest first. */
  private backlog: Uint8Array[] = [];
  private barrierWaiter: (() => void) | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private pumping = false;

  constructor(control: GuestControl, rings: NicRingBuffers) {
    this.control = control;
    this.receive = new SharedRing(rings.receive);
    this.transmit = new SharedRing(rings.transmit);
    this.server = createServer((socket) => this.attach(socket));
  }

  listen(): Promise<number> {
    return listenOnLoopback(this.server);
  }

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    this.front?.destroy();
    this.front = socket;
    const reader = new NicFrameReader((connection, body) => {
      if (connection === nicSignals.barrier) {
        this.barrierWaiter?.();
        this.barrierWaiter = undefined;
        return;
      }
      const record = new Uint8Array(4 + body.length);
      new DataView(record.buffer).setUint32(0, connection, true);
      record.set(body, 4);
      this.deliver(record);
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.front === socket) this.front = undefined;
    });
  }

  private deliver(record: Uint8Array): void {
    if (this.backlog.length === 0 && this.receive.push(record)) {
      this.control.ring();
      return;
    }
    this.backlog.push(record);
    this.retryBacklog();
  }

  private retryBacklog(): void {
    while (this.backlog.length > 0 && this.receive.push(this.backlog[0]!)) this.backlog.shift();
    this.control.ring();
    if (this.backlog.length > 0 && this.retryTimer === undefined) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.retryBacklog();
      }, 1);
    }
  }

  /** Forwards the guest's responses as they appear (woken by the guest's transmit doorbell). */
  startTransmitPump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const pump = async (): Promise<void> => {
      while (this.pumping) {
        const seen = Atomics.load(this.control.control, controlSlots.transmitSequence);
        this.flushTransmit();
        await waitAsync(this.control.control, controlSlots.transmitSequence, seen, 50);
      }
    };
    void pump();
  }

  stopTransmitPump(): void {
    this.pumping = false;
    Atomics.add(this.control.control, controlSlots.transmitSequence, 1);
    Atomics.notify(this.control.control, controlSlots.transmitSequence);
  }

  flushTransmit(): void {
    for (let record = this.transmit.shift(), count = 0; record !== undefined && count < 100_000; record = this.transmit.shift(), count += 1) {
      const connection = new DataView(record.buffer, record.byteOffset).getUint32(0, true);
      this.front?.write(nicFrame(connection, record.subarray(4)));
    }
  }

  /** Asks the front port to hold requests and waits until it confirms (bounded). */
  hold(timeoutMs: number): Promise<void> {
    const front = this.front;
    if (front === undefined || front.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.barrierWaiter = undefined;
        resolve();
      }, timeoutMs);
      this.barrierWaiter = () => {
        clearTimeout(timer);
        resolve();
      };
      front.write(nicFrame(nicSignals.hold, new Uint8Array(0)));
    });
  }

  signal(signal: number): void {
    this.front?.write(nicFrame(signal, new Uint8Array(0)));
  }

  /** The guest is paused: takes what it has not read yet (host backlog after the ring's records). */
  captureDeviceState(): string[] {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const records = [...this.receive.drain(), ...this.backlog];
    this.backlog = [];
    return records.map((record) => Buffer.from(record).toString('base64'));
  }

  restoreDeviceState(records: readonly string[]): void {
    for (const record of records) this.deliver(Buffer.from(record, 'base64'));
  }

  close(): void {
    this.stopTransmitPump();
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.front?.destroy();
    this.server.close();
  }
}
