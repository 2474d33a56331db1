import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { threadsProcessesEntryModules } from '../threadsProcessesEntryModules.ts';
import type { FromPartnerMessage, ToPartnerMessage } from './partnerMessages.ts';

export type PartnerKind = 'thread' | 'process';

/** How long an ended partner gets to go away before it is forced to. */
const forceAfterMs = 2000;

/** A worker thread or child process the engine created, seen through one small interface. */
export interface Partner {
  readonly kind: PartnerKind;
  /** Process id of a child process; a worker thread shares ours. */
  readonly pid: number | undefined;
  /** Resolves with performance.now() at the moment its first message arrived; rejects if it died first. */
  readonly ready: Promise<number>;
  /** Resolves with performance.now() once it has ended, however it ended. */
  readonly exited: Promise<number>;
  readonly hasExited: boolean;
  send(message: ToPartnerMessage): void;
  /** Every message after the first. */
  onMessage(listener: (message: FromPartnerMessage) => void): void;
  /** Kills it now (terminate or SIGKILL) and waits until it is gone; harmless when already ended. */
  kill(): Promise<void>;
}

export function startPartner(kind: PartnerKind): Partner {
  return kind === 'thread' ? startThread() : startProcess();
}

interface Emitter {
  on(event: 'message', listener: (message: FromPartnerMessage) => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'exit', listener: (code: number | null) => void): unknown;
}

function watch(emitter: Emitter, kind: PartnerKind) {
  let resolveReady: (at: number) => void = () => {};
  let rejectReady: (error: Error) => void = () => {};
  const ready = new Promise<number>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // Whoever stops waiting early (cancel) must not leave an unhandled rejection behind.
  ready.catch(() => {});
  let hasExited = false;
  const exited = new Promise<number>((resolve) => {
    emitter.once('exit', (code) => {
      hasExited = true;
      rejectReady(new Error(`the ${kind} ended (code ${code}) before its first message`));
      resolve(performance.now());
    });
  });
  emitter.once('error', (error) => rejectReady(error));
  const listeners: ((message: FromPartnerMessage) => void)[] = [];
  let first = true;
  emitter.on('message', (message) => {
    if (first) {
      first = false;
      resolveReady(performance.now());
      return;
    }
    for (const listener of listeners) listener(message);
  });
  return {
    ready,
    exited,
    get hasExited() {
      return hasExited;
    },
    onMessage: (listener: (message: FromPartnerMessage) => void) => {
      listeners.push(listener);
    },
  };
}

function startThread(): Partner {
  const worker = new Worker(entryModulePath(threadsProcessesEntryModules.echoWorker));
  const watched = watch(worker, 'thread');
  return {
    kind: 'thread',
    pid: undefined,
    ready: watched.ready,
    exited: watched.exited,
    get hasExited() {
      return watched.hasExited;
    },
    send: (message) => worker.postMessage(message),
    onMessage: watched.onMessage,
    async kill() {
      if (watched.hasExited) return;
      await worker.terminate();
      await watched.exited;
    },
  };
}

function startProcess(): Partner {
  // Advanced serialization is the structured clone postMessage uses, so both channels carry the
  // same bytes and differ only in the path they take (in-process queue vs a kernel socket).
  const child: ChildProcess = fork(entryModulePath(threadsProcessesEntryModules.echoChild), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const watched = watch(child as unknown as Emitter, 'process');
  return {
    kind: 'process',
    pid: child.pid,
    ready: watched.ready,
    exited: watched.exited,
    get hasExited() {
      return watched.hasExited;
    },
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: watched.onMessage,
    async kill() {
      if (watched.hasExited) return;
      child.kill('SIGKILL');
      await Promise.race([watched.exited, new Promise((resolve) => setTimeout(resolve, forceAfterMs))]);
    },
  };
}

/** Asks a partner to end by itself and waits for it; kills it if it has not ended in time. */
export async function endPartner(partner: Partner): Promise<number> {
  if (!partner.hasExited) partner.send({ kind: 'exit' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), forceAfterMs);
  });
  const outcome = await Promise.race([partner.exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    await partner.kill();
    throw new Error(`the ${partner.kind} did not end within ${forceAfterMs} ms of being asked`);
  }
  return outcome;
}

/**
 * Every partner still alive, so a cancelled or failed run can kill them all in one release step.
 */
export class PartnerSet {
  readonly #alive = new Set<Partner>();

  add(partner: Partner): Partner {
    this.#alive.add(partner);
    void partner.exited.then(() => this.#alive.delete(partner));
    return partner;
  }

  get size(): number {
    return this.#alive.size;
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.#alive].map((partner) => partner.kill()));
  }
}
