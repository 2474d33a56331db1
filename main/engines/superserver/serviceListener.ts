import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as DatagramSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { superserverEntryModules } from './superserverEntryModules.ts';
import { pause } from '../../toolkit/abortableWaits.ts';
import { answerInternalDatagram, serveInternalStream } from './internalServices.ts';
import { offsetPort } from './wellKnownServices.ts';
import { AdmissionControl, plainAddress, type RefusalReason } from './admissionControl.ts';
import type { InetdEntry } from './inetdConfiguration.ts';
import { pendingConnections, pendingDatagramBytes } from './listenBacklog.ts';
import type { NativeSpawner } from './nativeSpawn.ts';

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
  /** Starts `nowait` handlers without forking the runtime, where native calls can be made. */
  spawner?: NativeSpawner;
}

/** A started handler process, however it was started. */
interface RunningHandler {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  readonly exited: Promise<{ exitCode: number | null; signal: string | null; error?: Error }>;
  kill(signal: NodeJS.Signals): void;
}

function runningChild(child: ChildProcess): RunningHandler {
  return {
    pid: child.pid,
    stderr: child.stderr,
    exited: new Promise((resolve) => {
      child.once('error', (error) => resolve({ exitCode: null, signal: null, error }));
      child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
    }),
    kill: (signal) => child.kill(signal),
  };
}

/** Most connections a `wait` service holds back while its one handler runs. */
const waitQueueLimit = 64;
/** How often an idle `wait` service's accept queue is looked at (inetd would select() on it). */
const waitPollMs = 5;
const waitFailurePauseMs = 1_000;

interface SocketKeeper {
  worker: Worker;
  fd: number;
  release: Int32Array;
}

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
  private readonly handlers = new Set<RunningHandler>();
  private readonly internalConnections = new Set<Socket>();
  private readonly waitQueue: Socket[] = [];
  private waitBusy = false;
  private reactivationTimer: NodeJS.Timeout | undefined;
  private keeper: SocketKeeper | undefined;
  private waitPoll: NodeJS.Timeout | undefined;
  /** After a `wait` server failed, the socket is left alone until then, so a broken server cannot loop. */
  private waitResumeAtMs = 0;
  private stopped = false;
  private datagramCount = 0;
  private baseEnvironment: NodeJS.ProcessEnv | undefined;

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
    if (this.handsOverListeningSocket) await this.startWaitService();
    else if (this.entry.protocol === 'udp') await this.startDatagram();
    else await this.startStream();
    this.options.emit({ kind: 'listening', key: this.entry.key, port: this.port });
  }

  /** A reload with the same service and port: new handler, new limits, same socket. */
  update(entry: InetdEntry): void {
    this.entry = entry;
    this.baseEnvironment = undefined;
    this.admission.updateLimits(entry.limits);
  }

  /**
   * An external `wait` stream service gets the listening socket itself, as inetd gives it: the
   * handler accepts its connections, and the superserver does not watch the socket again until
   * that handler exits.
   */
  private get handsOverListeningSocket(): boolean {
    return this.entry.wait && this.entry.internal === undefined;
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

  private async startWaitService(): Promise<void> {
    if (this.entry.limits.onlyFrom !== undefined || this.entry.limits.perSource !== undefined) {
      this.options.emit({ kind: 'problem', key: this.entry.key, message: 'only_from and per_source do not apply to a wait service: its server accepts the connections itself' });
    }
    const release = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(entryModulePath(superserverEntryModules.socketKeeper), { workerData: { host: this.host, port: this.port, protocol: this.entry.protocol, release } });
    const fd = await new Promise<number>((resolve, reject) => {
      worker.once('message', (message: { kind: 'listening'; fd: number } | { kind: 'failed'; message: string }) =>
        message.kind === 'listening' ? resolve(message.fd) : reject(new Error(message.message)),
      );
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the socket keeper for ${this.entry.key} stopped (exit ${code})`)));
    }).catch(async (error: Error) => {
      await worker.terminate();
      throw error;
    });
    this.keeper = { worker, fd, release };
    this.watchWaitSocket();
  }

  private watchWaitSocket(): void {
    this.waitPoll = setInterval(() => {
      if (this.waitBusy || this.stopped || this.keeper === undefined || this.options.nowMs() < this.waitResumeAtMs) return;
      const ipVersion = this.entry.ipVersion === 6 ? 6 : 4;
      const pending = this.entry.protocol === 'udp' ? pendingDatagramBytes(this.port, ipVersion) : pendingConnections(this.port, ipVersion);
      if (pending === undefined || pending > 0) this.startWaitHandler(this.keeper.fd);
    }, waitPollMs);
  }

  private startWaitHandler(fd: number): void {
    const release = this.admission.hold('');
    const [argv0, ...args] = this.entry.argv;
    let handler: ChildProcess;
    try {
      handler = spawn(this.entry.serverPath, args, { argv0, stdio: [fd, fd, 'pipe'], env: this.handlerEnvironment({ PROCLAB_SERVICE: this.entry.key }) });
    } catch (error) {
      release();
      this.options.emit({ kind: 'problem', key: this.entry.key, message: `cannot start ${this.entry.serverPath}: ${(error as Error).message}` });
      return;
    }
    this.waitBusy = true;
    this.track(runningChild(handler), release);
    handler.once('exit', (exitCode) => {
      if (exitCode === 0) return;
      this.waitResumeAtMs = this.options.nowMs() + waitFailurePauseMs;
      this.options.emit({ kind: 'problem', key: this.entry.key, message: `the wait server failed; its socket is left alone for ${waitFailurePauseMs / 1000} s` });
    });
    if (handler.pid !== undefined) this.options.emit({ kind: 'handler-started', key: this.entry.key, pid: handler.pid, source: this.entry.protocol === 'udp' ? 'bound socket' : 'listening socket', running: this.admission.running });
  }

  private handlerEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
    // Copied once: reading every variable of process.env costs more than the rest of a hand-over.
    if (this.baseEnvironment === undefined) {
      // Inside the desktop app process.execPath is Electron, which runs a script as Node only when asked.
      const electronAsNode = this.entry.serverPath === process.execPath && process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
      this.baseEnvironment = { ...process.env, ...electronAsNode };
    }
    return { ...this.baseEnvironment, ...extra };
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
    const environment = this.handlerEnvironment({ REMOTE_ADDR: source, REMOTE_PORT: String(socket.remotePort ?? ''), PROCLAB_SERVICE: this.entry.key });
    let handler: RunningHandler;
    try {
      handler = this.spawnHandler(socket, argv0 ?? this.entry.serverPath, args, environment);
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
    this.track(handler, release);
    if (handler.pid !== undefined) this.options.emit({ kind: 'handler-started', key: this.entry.key, pid: handler.pid, source, running: this.admission.running });
  }

  private spawnHandler(socket: Socket, argv0: string, args: string[], environment: NodeJS.ProcessEnv): RunningHandler {
    // The connection's descriptor, still paused (pauseOnConnect): nothing of it has been read here.
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    const spawner = this.options.spawner;
    if (spawner !== undefined && typeof fd === 'number' && fd >= 0) {
      const native = spawner.spawn(this.entry.serverPath, [argv0, ...args], environment, fd);
      return { pid: native.pid, stderr: native.stderr, exited: native.exited, kill: native.kill };
    }
    return runningChild(spawn(this.entry.serverPath, args, { argv0, stdio: [socket, socket, 'pipe'], env: environment }));
  }

  /** Follows a started handler to its exit: frees its place, reports what it said, lets `wait` go on. */
  private track(handler: RunningHandler, release: () => void): void {
    this.handlers.add(handler);
    let stderrText = '';
    handler.stderr?.setEncoding('utf8');
    handler.stderr?.on('data', (chunk: string) => {
      if (stderrText.length < 4_096) stderrText += chunk;
    });
    void handler.exited.then(({ exitCode, signal, error }) => {
      this.handlers.delete(handler);
      release();
      if (error !== undefined) this.options.emit({ kind: 'problem', key: this.entry.key, message: `cannot start ${this.entry.serverPath}: ${error.message}` });
      if (stderrText.trim() !== '') this.options.emit({ kind: 'problem', key: this.entry.key, message: `handler ${handler.pid ?? '?'} said: ${stderrText.trim()}` });
      this.options.emit({ kind: 'handler-exited', key: this.entry.key, pid: handler.pid ?? null, exitCode, signal, running: this.admission.running });
      if (this.entry.wait) this.nextWaiting();
    });
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
    clearInterval(this.waitPoll);
    const keeper = this.keeper;
    this.keeper = undefined;
    if (keeper !== undefined) {
      Atomics.store(keeper.release, 0, 1);
      Atomics.notify(keeper.release, 0);
    }
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
      keeper ? this.keeperGone(keeper.worker) : undefined,
    ]);
    this.options.emit({ kind: 'stopped', key: this.entry.key });
  }

  private async keeperGone(worker: Worker): Promise<void> {
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const timer = setTimeout(() => void worker.terminate(), 2_000);
    await exited;
    clearTimeout(timer);
  }

  private async handlersGone(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.handlers.size > 0 && Date.now() < deadline) await pause(20);
    for (const handler of this.handlers) handler.kill('SIGKILL');
  }
}
