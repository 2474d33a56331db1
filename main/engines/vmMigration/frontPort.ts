// The stable address clients use (a virtual switch): it accepts client connections on 127.0.0.1
// and forwards their request lines to whichever host runs the VM. At switch-over the source asks it
// to hold requests; when the destination announces the VM, it re-points there and sends what it
// held. Client connections stay open throughout.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { nicFrame, NicFrameReader, nicSignals } from './hosts/nicFrames.ts';
import { listenOnLoopback } from './link/listenOnLoopback.ts';

export class FrontPort {
  /** When the last hold began and when requests flowed again (epoch ms), for client-seen downtime. */
  holdStartedAtEpochMs = 0;
  holdEndedAtEpochMs = 0;
  private readonly server: Server;
  private readonly clients = new Map<number, Socket>();
  private readonly hosts = new Map<string, Socket>();
  private active: Socket | undefined;
  private holding = false;
  private held: Buffer[] = [];
  private nextConnection = 1;

  constructor() {
    this.server = createServer((socket) => this.acceptClient(socket));
  }

  listen(): Promise<number> {
    return listenOnLoopback(this.server);
  }

  /** Connects to a host's NIC; the first host connected is where the VM starts. */
  connectHost(name: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.setNoDelay(true);
      socket.once('connect', () => {
        this.hosts.set(name, socket);
        this.active ??= socket;
        resolve();
      });
      socket.once('error', reject);
      const reader = new NicFrameReader((connection, body) => this.fromHost(socket, connection, body));
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
      socket.on('close', () => {
        if (this.active === socket) this.active = undefined;
      });
    });
  }

  private fromHost(host: Socket, connection: number, body: Buffer): void {
    if (connection === nicSignals.hold) {
      this.holding = true;
      this.holdStartedAtEpochMs = performance.timeOrigin + performance.now();
      host.write(nicFrame(nicSignals.barrier, new Uint8Array(0)));
    } else if (connection === nicSignals.active || connection === nicSignals.release) {
      this.active = host;
      this.holding = false;
      this.holdEndedAtEpochMs = performance.timeOrigin + performance.now();
      for (const framed of this.held.splice(0)) host.write(framed);
    } else {
      const client = this.clients.get(connection);
      if (client !== undefined && !client.destroyed) client.write(Buffer.concat([body, Buffer.from('\n')]));
    }
  }

  private acceptClient(socket: Socket): void {
    const connection = this.nextConnection;
    this.nextConnection += 1;
    this.clients.set(connection, socket);
    socket.setNoDelay(true);
    let partial = '';
    socket.on('data', (chunk: Buffer) => {
      partial += chunk.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.length === 0) continue;
        const framed = nicFrame(connection, Buffer.from(line));
        if (this.holding || this.active === undefined) this.held.push(framed);
        else this.active.write(framed);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.clients.delete(connection));
  }

  close(): void {
    for (const socket of [...this.clients.values(), ...this.hosts.values()]) socket.destroy();
    this.server.close();
  }
}
