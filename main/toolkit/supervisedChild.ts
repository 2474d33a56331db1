// A worker thread or child process an engine starts, seen through one typed lifecycle: ready
// (its first word, or the message that says so), failed (it broke or ended without being
// asked), exited (however it went, and when), and stop with a grace period before it is forced.
// Every engine that starts one gets the same guarantees: no unhandled rejection when nobody
// waits any more, no wait without a bound, nothing left running after stop().
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Worker, type TransferListItem } from 'node:worker_threads';
import { within } from './abortableWaits.ts';

export type ChildKind = 'thread' | 'process';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when the exit was seen. */
  atMs: number;
}

export interface SupervisedOptions<Incoming, Ready> {
  /** What it is, for messages: "the server thread". */
  name: string;
  /**
   * Picks the value `ready` resolves with out of the message that says it is ready; that message
   * is not passed on to `onMessage`. Without it, the first message is that one, and `ready`
   * resolves with performance.now() at its arrival.
   */
  readyFrom?: (message: Incoming) => Ready | undefined;
  /** A message in which it reports that it failed. */
  failureFrom?: (message: Incoming) => Error | undefined;
  /** What asks it to end by itself; without it, a thread is terminated and a process gets SIGTERM. */
  stopMessage?: unknown;
}

export interface SupervisedChild<Incoming, Outgoing, Ready> {
  readonly kind: ChildKind;
  /** The process id of a child process; a thread shares ours. */
  readonly pid: number | undefined;
  /** Resolves once it is ready; rejects if it fails or ends first. */
  readonly ready: Promise<Ready>;
  /** Resolves (never rejects) with the reason if it fails or ends without being asked to; stays pending otherwise. */
  readonly failed: Promise<Error>;
  /** Resolves once it has ended, however it ended. */
  readonly exited: Promise<ChildExit>;
  readonly hasExited: boolean;
  /** Sends a message; does nothing once it is gone. */
  send(message: Outgoing): void;
  /** Every message but the one that made it ready. */
  onMessage(listener: (message: Incoming) => void): void;
  /**
   * Asks it to end, forces it (terminate, SIGKILL) if it has not within `graceMs`, and resolves
   * once it is gone, saying which it was. Idempotent; harmless once it has ended.
   */
  stop(graceMs: number): Promise<'ended' | 'forced'>;
  /** Forces it to end now and waits until it is gone. */
  kill(): Promise<void>;
}

/** A forced child that is still not gone after this long is given up on (it cannot hang a run). */
const forcedExitBoundMs = 5_000;

interface ChildHandle {
  on(event: 'message', listener: (message: never) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

interface Transport<Outgoing> {
  kind: ChildKind;
  pid: number | undefined;
  handle: ChildHandle;
  send(message: Outgoing | unknown): void;
  /** Asks it to end when there is no stop message. */
  askToEnd(): void;
  force(): void;
}

function supervise<Incoming, Outgoing, Ready>(transport: Transport<Outgoing>, options: SupervisedOptions<Incoming, Ready>): SupervisedChild<Incoming, Outgoing, Ready> {
  const { name } = options;
  let hasExited = false;
  let stopRequested = false;
  let isReady = false;
  let resolveReady: (value: Ready) => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  let reportFailure: (error: Error) => void = () => undefined;
  let resolveExit: (exit: ChildExit) => void = () => undefined;
  const ready = new Promise<Ready>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // Whoever stops waiting early (a cancel) must not leave an unhandled rejection behind.
  ready.catch(() => undefined);
  const failed = new Promise<Error>((resolve) => (reportFailure = resolve));
  const exited = new Promise<ChildExit>((resolve) => (resolveExit = resolve));
  const listeners: ((message: Incoming) => void)[] = [];

  const failWith = (error: Error): void => {
    rejectReady(error);
    if (!stopRequested) reportFailure(error);
  };
  // A thread's exit carries only a code; a process's a code or the signal that ended it.
  const markExited = (code: number | null, signal: NodeJS.Signals | null = null): void => {
    if (hasExited) return;
    const atMs = performance.now();
    hasExited = true;
    signal ??= null;
    const how = signal === null ? `code ${code}` : `signal ${signal}`;
    failWith(new Error(isReady ? `${name} exited (${how})` : `${name} exited (${how}) before it was ready`));
    resolveExit({ code, signal, atMs });
  };

  transport.handle.on('message', (message: Incoming) => {
    if (!isReady) {
      const value = options.readyFrom === undefined ? (performance.now() as Ready) : options.readyFrom(message);
      if (value !== undefined) {
        isReady = true;
        resolveReady(value);
        return;
      }
    }
    const failure = options.failureFrom?.(message);
    if (failure !== undefined) failWith(failure);
    for (const listener of listeners) listener(message);
  });
  transport.handle.on('error', (error: Error) => {
    failWith(error);
    // A process that could not be started at all never sends 'exit'.
    if (transport.kind === 'process' && transport.pid === undefined) markExited(null, null);
  });
  transport.handle.once('exit', markExited);

  const force = async (): Promise<void> => {
    if (hasExited) return;
    transport.force();
    await within(exited, forcedExitBoundMs);
  };

  return {
    kind: transport.kind,
    pid: transport.pid,
    ready,
    failed,
    exited,
    get hasExited() {
      return hasExited;
    },
    send(message) {
      if (!hasExited) transport.send(message);
    },
    onMessage(listener) {
      listeners.push(listener);
    },
    async stop(graceMs) {
      stopRequested = true;
      if (hasExited) return 'ended';
      if (options.stopMessage === undefined) transport.askToEnd();
      else transport.send(options.stopMessage);
      if ((await within(exited, graceMs)) !== undefined) return 'ended';
      await force();
      return 'forced';
    },
    async kill() {
      stopRequested = true;
      await force();
    },
  };
}

export interface WorkerThreadOptions<Incoming, Ready> extends SupervisedOptions<Incoming, Ready> {
  workerData?: unknown;
  transferList?: readonly TransferListItem[];
  /** The thread's name, as `/proc/PID/task/TID/comm` shows it (CPU accounting finds threads by it). */
  threadName?: string;
}

/** Starts a worker thread on `modulePath` under supervision. */
export function startWorkerThread<Incoming, Outgoing, Ready = number>(modulePath: string | URL, options: WorkerThreadOptions<Incoming, Ready>): SupervisedChild<Incoming, Outgoing, Ready> {
  const worker = new Worker(modulePath, {
    workerData: options.workerData,
    transferList: options.transferList === undefined ? undefined : [...options.transferList],
    ...(options.threadName === undefined ? {} : { name: options.threadName }),
  });
  return supervise<Incoming, Outgoing, Ready>(
    {
      kind: 'thread',
      pid: undefined,
      handle: worker as unknown as ChildHandle,
      send: (message) => worker.postMessage(message),
      askToEnd: () => void worker.terminate(),
      force: () => void worker.terminate(),
    },
    options,
  );
}

export interface ChildProcessOptions<Incoming, Ready> extends SupervisedOptions<Incoming, Ready> {
  args?: readonly string[];
  fork?: ForkOptions;
}

/** Forks a Node child process on `modulePath` (with an IPC channel) under supervision. */
export function forkChildProcess<Incoming, Outgoing, Ready = number>(modulePath: string, options: ChildProcessOptions<Incoming, Ready>): SupervisedChild<Incoming, Outgoing, Ready> {
  const child: ChildProcess = fork(modulePath, [...(options.args ?? [])], options.fork);
  return supervise<Incoming, Outgoing, Ready>(
    {
      kind: 'process',
      pid: child.pid,
      handle: child as unknown as ChildHandle,
      send: (message) => {
        // The channel closes a moment before 'exit'; a message then has nowhere to go.
        if (child.connected) child.send(message as object);
      },
      askToEnd: () => void child.kill('SIGTERM'),
      force: () => void child.kill('SIGKILL'),
    },
    options,
  );
}
