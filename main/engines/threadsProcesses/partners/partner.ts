import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { threadsProcessesEntryModules } from '../threadsProcessesEntryModules.ts';
import { within } from '../../../toolkit/abortableWaits.ts';
import { forkChildProcess, startWorkerThread, type SupervisedChild } from '../../../toolkit/supervisedChild.ts';
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
  // The first message is the partner's "ready": creation is timed until it arrives.
  const child: SupervisedChild<FromPartnerMessage, ToPartnerMessage, number> =
    kind === 'thread'
      ? startWorkerThread(entryModulePath(threadsProcessesEntryModules.echoWorker), { name: 'the thread' })
      : forkChildProcess(entryModulePath(threadsProcessesEntryModules.echoChild), {
          name: 'the process',
          // Advanced serialization is the structured clone postMessage uses, so both channels carry
          // the same bytes and differ only in the path they take (in-process queue vs a kernel socket).
          fork: { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
        });
  const exited = child.exited.then((exit) => exit.atMs);
  return {
    kind,
    pid: child.pid,
    ready: child.ready,
    exited,
    get hasExited() {
      return child.hasExited;
    },
    send: (message) => child.send(message),
    onMessage: (listener) => child.onMessage(listener),
    kill: () => child.kill(),
  };
}

/** Asks a partner to end by itself and waits for it; kills it if it has not ended in time. */
export async function endPartner(partner: Partner): Promise<number> {
  if (!partner.hasExited) partner.send({ kind: 'exit' });
  const exitedAt = await within(partner.exited, forceAfterMs);
  if (exitedAt === undefined) {
    await partner.kill();
    throw new Error(`the ${partner.kind} did not end within ${forceAfterMs} ms of being asked`);
  }
  return exitedAt;
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
