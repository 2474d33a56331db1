// The destination host: receives pages into its copy of guest memory, marks them present (waking a
// guest blocked on them; the guest thread takes in the pages that answer its own faults), and
// resumes the guest when the CPU state arrives. If the source goes away while pages are still
// missing after resume, the VM is lost: nothing else has those pages.
import { connect, type Socket } from 'node:net';
import { GuestControl, runStates } from '../guest/guestControl.ts';
import { InPlaceFrameReader } from '../link/inPlaceFrameReader.ts';
import { channels, FrameReader, frame, frameTypes, readIndexList } from '../link/linkFrames.ts';
import { LinkSender, type LinkShape } from '../link/linkSender.ts';
import type { HostOptions, HostReport } from './hostMessages.ts';
import { nicSignals } from './nicFrames.ts';
import { NicService } from './nicService.ts';
import { createInstallerBuffers, PageInstaller } from './pageInstaller.ts';

export interface StatePayload {
  cpuState: string;
  device: string[];
}

export class DestinationHost {
  private readonly options: HostOptions;
  private readonly report: (message: HostReport) => void;
  private readonly control: GuestControl;
  private readonly bytes: Uint8Array;
  private readonly pageTable: Int32Array;
  private readonly installer: PageInstaller;
  /** Polls for the last pages the guest took in itself, once the push is over. */
  private completionTimer: NodeJS.Timeout | undefined;
  readonly nic: NicService | undefined;
  private sockets: Socket[] = [];
  private bulk: Socket | undefined;
  private urgent: Socket | undefined;
  private sender: LinkSender | undefined;
  /** Return-path frames from before both channels' hellos arrived (see sendReturn). */
  private readonly returnBacklog: Buffer[][] = [];
  private allSent = false;
  private resumed = false;
  private completed = false;
  private finished = false;

  constructor(options: HostOptions, report: (message: HostReport) => void) {
    this.options = options;
    this.report = report;
    this.control = new GuestControl(options.control);
    this.bytes = new Uint8Array(options.memory.data);
    this.pageTable = new Int32Array(options.memory.pageTable);
    // Shared with the guest thread, which takes in the pages that answer its faults itself.
    this.installer = new PageInstaller(options.memory, options.installer ?? createInstallerBuffers(options.memory));
    // Touch every OS page of this copy now, as a hypervisor allocating guest RAM does, so the
    // migration does not pay the kernel's first-touch faults while pages stream in.
    for (let offset = 0; offset < this.bytes.length; offset += 4096) this.bytes[offset] = 0;
    this.nic = options.nic === undefined ? undefined : new NicService(this.control, options.nic);
  }

  async listen(): Promise<{ nicPort: number }> {
    return { nicPort: this.nic === undefined ? 0 : await this.nic.listen() };
  }

  /**
   * Opens both channels to the source. The bulk channel's pages are read straight into guest memory
   * (see InPlaceFrameReader); the urgent channel's few small frames go through one fixed buffer
   * (see LinkListener).
   */
  connect(port: number): void {
    for (const channel of [channels.bulk, channels.urgent]) {
      let socket: Socket;
      if (channel === channels.bulk) {
        const reader = new InPlaceFrameReader({
          memory: this.bytes,
          pageSize: this.options.memory.pageSize,
          onPagesArrived: (first, count) => {
            this.installer.pagesArrivedInPlace(first, count);
            this.checkComplete();
          },
          onFrame: (type, payload) => this.onChannelFrame(socket, type, payload),
        });
        socket = connect({
          host: '127.0.0.1',
          port,
          onread: {
            buffer: () => reader.nextBuffer(),
            callback: (length: number) => {
              reader.received(length);
              if (reader.error !== undefined) socket.destroy();
              return true;
            },
          },
        });
      } else {
        const reader = new FrameReader((type, payload) => this.onChannelFrame(socket, type, payload));
        socket = connect({
          host: '127.0.0.1',
          port,
          onread: { buffer: Buffer.allocUnsafeSlow(64 * 1024), callback: (length: number, buffer: Uint8Array) => {
            reader.push(Buffer.from(buffer.buffer, buffer.byteOffset, length));
            return true;
          } },
        });
      }
      socket.once('connect', () => socket.write(Buffer.from([channel])));
      this.attach(socket);
    }
  }

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    this.sockets.push(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.onLinkClosed());
  }

  /** A frame from either channel: a hello says which channel the socket is, anything else is the migration's. */
  private onChannelFrame(socket: Socket, type: number, payload: Buffer): void {
    if (type !== frameTypes.hello) return this.onFrame(type, payload);
    const channel = payload.readUInt32LE(0);
    if (channel === channels.bulk) this.bulk = socket;
    else this.urgent = socket;
    // The return path is shaped like the forward path (the source says how in its hello).
    if (this.bulk !== undefined && this.urgent !== undefined && this.sender === undefined) {
      this.sender = new LinkSender(this.bulk, this.urgent, JSON.parse(payload.subarray(4).toString()) as LinkShape);
      for (const parts of this.returnBacklog.splice(0)) this.sender.sendUrgent(parts);
    }
  }

  private onFrame(type: number, payload: Buffer): void {
    switch (type) {
      case frameTypes.pages:
        this.installer.installPages(payload);
        break;
      case frameTypes.zeroPages:
        this.installer.installZeroPages(readIndexList(payload));
        break;
      case frameTypes.dirtyBitmap:
        this.installer.markStale(payload);
        break;
      case frameTypes.state:
        this.resume(JSON.parse(payload.toString()) as StatePayload);
        break;
      case frameTypes.roundEnd:
        // Tells the source when a round's pages have all arrived: its bandwidth is what got here.
        this.sendReturn(frame(frameTypes.roundAck, Buffer.from(payload)));
        break;
      case frameTypes.probe:
        // Echoed at once, the way `resumed` goes back: the source times the path a switch-over takes.
        this.sendReturn(frame(frameTypes.probeEcho, this.probeEcho(payload)));
        break;
      case frameTypes.allSent:
        this.allSent = true;
        break;
      default:
        break;
    }
    this.checkComplete();
  }

  /**
   * Sends on the return path's urgent channel. The two channels' hellos race: a post-copy's CPU
   * state can arrive on the bulk channel before the urgent channel's hello, and dropping the
   * `resumed` that answers it would leave the source waiting for it until the migration times out.
   */
  private sendReturn(parts: Buffer[]): void {
    if (this.sender === undefined) this.returnBacklog.push(parts);
    else this.sender.sendUrgent(parts);
  }

  /**
   * The probe's sequence number, and when the guest, woken as a resume wakes it, answered (epoch
   * ms; 0 once it runs, or if it did not answer within 5 ms).
   */
  private probeEcho(payload: Buffer): Buffer {
    const echo = Buffer.alloc(12);
    echo.writeUInt32LE(payload.readUInt32LE(0), 0);
    echo.writeDoubleLE(this.resumed ? 0 : this.control.wakeProbe(5), 4);
    return echo;
  }

  private resume(state: StatePayload): void {
    if (this.resumed) return;
    this.resumed = true;
    this.control.loadStateBytes(Buffer.from(state.cpuState, 'base64'));
    this.nic?.restoreDeviceState(state.device);
    this.nic?.startTransmitPump();
    this.installer.markResumed();
    this.control.transition(runStates.waiting, runStates.running);
    const atEpochMs = performance.timeOrigin + performance.now();
    this.nic?.signal(nicSignals.active);
    this.sendReturn(frame(frameTypes.resumed, Buffer.alloc(0)));
    this.report({ kind: 'resumed', atEpochMs });
  }

  private checkComplete(): void {
    if (this.completed || this.finished || !this.allSent || !this.resumed) return;
    if (this.installer.presentCount < this.pageTable.length) {
      // The rest are pages the guest is taking in itself (its faults): look again shortly.
      this.completionTimer ??= setInterval(() => this.checkComplete(), 1);
      return;
    }
    this.completed = true;
    clearInterval(this.completionTimer);
    const checksums = this.installer.checksums;
    const payload = Buffer.alloc(8 + checksums.byteLength);
    payload.writeUInt32LE(this.installer.duplicates, 0);
    payload.writeUInt32LE(checksums.length, 4);
    Buffer.from(checksums.buffer, checksums.byteOffset, checksums.byteLength).copy(payload, 8);
    this.sender?.sendBulk(frame(frameTypes.receivedAll, payload));
    this.report({ kind: 'destination-complete', atEpochMs: performance.timeOrigin + performance.now() });
  }

  private onLinkClosed(): void {
    if (this.finished || this.completed) return;
    this.finished = true;
    clearInterval(this.completionTimer);
    for (const socket of this.sockets) socket.destroy();
    if (this.resumed) {
      // Post-copy's weakness: the running VM depends on pages only the source had.
      this.control.setRunState(runStates.lost);
      Atomics.notify(this.pageTable, 0);
      this.report({ kind: 'vm-lost', reason: `the link to the source closed with ${this.pageTable.length - this.installer.presentCount} pages still at the source` });
    } else {
      this.report({ kind: 'link-lost', reason: 'the link to the source closed before switch-over' });
    }
  }

  close(): void {
    this.finished = true;
    clearInterval(this.completionTimer);
    this.sender?.close();
    for (const socket of this.sockets) socket.destroy();
    this.nic?.close();
  }
}
