import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as DatagramSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { answerInternalDatagram, serveInternalStream } from '../../services/internalServices.ts';
import { offsetPort } from '../../services/wellKnownServices.ts';
import { AdmissionControl, plainAddress, type RefusalReason } from './admissionControl.ts';
import type { InetdEntry } from './inetdConfiguration.ts';

export type SuperserverEvent =
  | { kind: 'listening'; key: string; port: number }
  | { kind: 'handler-started'; key: string; pid: number | null; source: string; running: number }
  | { kind: 'handler-exited'; key: string; pid: number | null; exitCode: number | null; signal: string | null; running: number }
  | { kind: 'refused'; key: string; source: string; reason: RefusalReason; detail: string }
  | { kind: 'deactivated'; key: string; pauseMs: number }
  | { kind: 'reactivated'; key: string }
  | { kind: 'stopped'; key: string }
  | { kind: 'problem'; key: string; message: string };

export interface ListenerOptions {
  portOffset: number;
  /** Wall clock for daytime and time; the tests and the lab keep the real one. */
  clock: () => Date;
  /** Monotonic milliseconds, for rates. */
  nowMs: () => number;
  emit(event: SuperserverEvent): void;
}

/** Most connections a `wait` service holds back while its one handler runs. */
const waitQueueLimit = 64;

/**
 * One configured service: its listening socket, its limits and its running handlers. A `nowait`
 * stream service starts one handler process per connection with the connection as the handler's
 * standard input and output (and closes its own copy, so the handler alone owns it).
 */
export class ServiceListener {
  entry: InetdEntry;
  readonly port: number;
  private readonly options: ListenerOptions;
  private readonly admission: AdmissionControl;
  private server: Server | undefined;
  private datagramSocket: DatagramSocket | undefined;
  private readonly handlers = new Set<ChildProcess>();
  private readonly internalConnections = new Set<Socket>();
  private readonly waitQueue: Socket[] = [];
  private waitBusy = false;
  private reactivationTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private datagramCount = 0;

  constructor(entry: InetdEntry, options: ListenerOptions) {
    this.entry = entry;
    this.options = options;
    this.port = offsetPort(entry.port, options.portOffset);
    this.admission = new AdmissionControl(entry.limits);
  }

  get host(): string {
    return this.entry.ipVersion === 6 ? '::1' : '127.0.0.1';
  }

  get running(): number {
    return this.admission.running;
  }

  async start(): Promise<void> {
    if (this.entry.protocol === 'udp') await this.startDatagram();
    else await this.startStream();
    this.options.emit({ kind: 'listening', key: this.entry.key, port: this.port });
  }

  /** A reload with the same service and port: new handler, new limits, same socket. */
  update(entry: InetdEntry): void {
    this.entry = entry;
    this.admission.updateLimits(entry.limits);
  }

  private startStream(): Promise<void> {
    const server = createServer({ pauseOnConnect: true }, (socket) => this.onConnection(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.host, port: this.port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (error) => this.options.emit({ kind: 'problem', key: this.entry.key, message: error.message }));
        resolve();
      });
    });
  }

  private startDatagram(): Promise<void> {
    const socket = createSocket({ type: this.entry.ipVersion === 6 ? 'udp6' : 'udp4' });
    this.datagramSocket = socket;
    socket.on('message', (message, remote) => this.onDatagram(message, remote.address, remote.port));
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: this.host, port: this.port, exclusive: true }, () => {
        socket.off('error', reject);
        socket.on('error', (error) => this.options.emit({ kind: 'problem', key: this.entry.key, message: error.message }));
        resolve();
      });
    });
  }

  private refuse(source: string, reason: RefusalReason, detail: string): void {
    this.options.emit({ kind: 'refused', key: this.entry.key, source, reason, detail });
  }

  /** xinetd's cps: the service stops listening for `pauseMs`, then comes back by itself. */
  private deactivate(): void {
    const pauseMs = this.entry.limits.rate?.pauseMs ?? 0;
    this.options.emit({ kind: 'deactivated', key: this.entry.key, pauseMs });
    const server = this.server;
    this.server = undefined;
    server?.close();
    this.datagramSocket?.close();
    this.datagramSocket = undefined;
    this.reactivationTimer = setTimeout(() => {
      this.reactivationTimer = undefined;
      if (this.stopped) return;
      const restart = this.entry.protocol === 'udp' ? this.startDatagram() : this.startStream();
      restart.then(
        () => this.options.emit({ kind: 'reactivated', key: this.entry.key }),
        (error: Error) => this.options.emit({ kind: 'problem', key: this.entry.key, message: `could not reactivate: ${error.message}` }),
      );
    }, pauseMs);
  }

  private onConnection(socket: Socket): void {
    const source = plainAddress(socket.remoteAddress);
    socket.on('error', () => socket.destroy());
    const decision = this.admission.decide(source, this.options.nowMs());
    if (!decision.admitted) {
      socket.destroy();
      this.refuse(source, decision.reason, decision.detail);
      if (decision.deactivate) this.deactivate();
      return;
    }
    if (this.entry.wait && this.waitBusy) {
      if (this.waitQueue.length >= waitQueueLimit) {
        socket.destroy();
        this.refuse(source, 'queue_full', `${waitQueueLimit} connections already wait for the one handler of a wait service`);
        return;
      }
      this.waitQueue.push(socket);
      return;
    }
    this.serve(socket, source);
  }

  private serve(socket: Socket, source: string): void {
    const release = this.admission.hold(source);
    if (this.entry.internal !== undefined) {
      this.internalConnections.add(socket);
      socket.once('close', () => {
        this.internalConnections.delete(socket);
        release();
      });
      this.options.emit({ kind: 'handler-started', key: this.entry.key, pid: null, source, running: this.admission.running });
      serveInternalStream(this.entry.internal, socket, this.options.clock);
      socket.once('close', () => this.options.emit({ kind: 'handler-exited', key: this.entry.key, pid: null, exitCode: 0, signal: null, running: this.admission.running }));
      return;
    }
    this.startHandler(socket, source, release);
  }

  private startHandler(socket: Socket, source: string, release: () => void): void {
    const [argv0, ...args] = this.entry.argv;
    let handler: ChildProcess;
    try {
      handler = spawn(this.entry.serverPath, args, {
        argv0,
        stdio: [socket, socket, 'pipe'],
        // Inside the desktop app process.execPath is Electron, which runs a script as Node only when asked.
        env: { ...process.env, ...(this.entry.serverPath === process.execPath && process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}), REMOTE_ADDR: source, REMOTE_PORT: String(socket.remotePort ?? ''), PROCLAB_SERVICE: this.entry.key },
      });
    } catch (error) {
      release();
      socket.destroy();
      this.options.emit({ kind: 'problem', key: this.entry.key, message: `cannot start ${this.entry.serverPath}: ${(error as Error).message}` });
      return;
    }
    // The handler has its own copy of the connection now; closing ours does not end the connection
    // (close, not shutdown), and the handler's exit is what the client sees as the end.
    socket.destroy();
    if (this.entry.wait) this.waitBusy = true;
    this.handlers.add(handler);
    let stderrText = '';
    handler.stderr?.setEncoding('utf8');
    handler.stderr?.on('data', (chunk: string) => {
      if (stderrText.length < 4_096) stderrText += chunk;
    });
    let finished = false;
    const finish = (exitCode: number | null, signal: string | null) => {
      if (finished) return;
      finished = true;
      this.handlers.delete(handler);
      release();
      if (stderrText.trim() !== '') this.options.emit({ kind: 'problem', key: this.entry.key, message: `handler ${handler.pid ?? '?'} said: ${stderrText.trim()}` });
      this.options.emit({ kind: 'handler-exited', key: this.entry.key, pid: handler.pid ?? null, exitCode, signal, running: this.admission.running });
      if (this.entry.wait) this.nextWaiting();
    };
    handler.once('error', (error) => {
      this.options.emit({ kind: 'problem', key: this.entry.key, message: `cannot start ${this.entry.serverPath}: ${error.message}` });
      finish(null, null);
    });
    handler.once('exit', (exitCode, signal) => finish(exitCode, signal));
    if (handler.pid !== undefined) this.options.emit({ kind: 'handler-started', key: this.entry.key, pid: handler.pid, source, running: this.admission.running });
  }

  /** `wait`: the port's next connection goes to a handler only once the previous one has exited. */
  private nextWaiting(): void {
    this.waitBusy = false;
    if (this.stopped) return;
    // Bounded: the queue holds at most waitQueueLimit sockets.
    while (this.waitQueue.length > 0) {
      const socket = this.waitQueue.shift()!;
      if (socket.destroyed) continue;
      this.serve(socket, plainAddress(socket.remoteAddress));
      return;
    }
  }

  private onDatagram(message: Buffer, address: string, port: number): void {
    const source = plainAddress(address);
    const decision = this.admission.decide(source, this.options.nowMs());
    if (!decision.admitted) {
      this.refuse(source, decision.reason, decision.detail);
      if (decision.deactivate) this.deactivate();
      return;
    }
    if (this.entry.internal === undefined) return;
    this.datagramCount += 1;
    const answer = answerInternalDatagram(this.entry.internal, message, this.datagramCount, this.options.clock);
    if (answer !== undefined) this.datagramSocket?.send(answer, port, address);
  }

  /** Stops listening; running handlers are ended (SIGTERM) when `endHandlers` is set. */
  async stop(endHandlers: boolean): Promise<void> {
    this.stopped = true;
    if (this.reactivationTimer !== undefined) clearTimeout(this.reactivationTimer);
    for (const socket of this.waitQueue.splice(0)) socket.destroy();
    const server = this.server;
    this.server = undefined;
    const socket = this.datagramSocket;
    this.datagramSocket = undefined;
    if (endHandlers) {
      for (const connection of this.internalConnections) connection.destroy();
      for (const handler of this.handlers) handler.kill('SIGTERM');
    }
    await Promise.all([
      server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined,
      socket ? new Promise<void>((resolve) => socket.close(() => resolve())) : undefined,
      endHandlers ? this.handlersGone(2_000) : undefined,
    ]);
    this.options.emit({ kind: 'stopped', key: this.entry.key });
  }

  private async handlersGone(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.handlers.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const handler of this.handlers) handler.kill('SIGKILL');
  }
}
