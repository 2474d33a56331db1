import { randomUUID } from 'node:crypto';
import { isFinished } from '../../common/labApiMethods.ts';
import type { RunEvent, Unsubscribe } from '../../preload/api.ts';
import { ServiceError } from './serviceError.ts';

/** The most runs one connection may watch at once (a run's watch ends when it does); more is a broken or hostile page. */
export const maxWatchesPerConnection = 64;

/** Starts delivering a run's events; throws a ServiceError when there is no such run. */
export type RunSubscriber = (runId: string, listener: (event: RunEvent) => void) => Unsubscribe;

/**
 * The runs one connection watches (a window, a page's WebSocket, the in-process CLI), each
 * under an id the connection names it by. Every face goes through one of these, so every face
 * has the same cap, and a connection that goes away ends all of its watches at once.
 */
export class RunWatches {
  readonly #subscribe: RunSubscriber;
  readonly #limit: number;
  readonly #watches = new Map<string, Unsubscribe>();
  #closed = false;

  constructor(subscribe: RunSubscriber, limit = maxWatchesPerConnection) {
    this.#subscribe = subscribe;
    this.#limit = limit;
  }

  get size(): number {
    return this.#watches.size;
  }

  /** Answers the new watch's id; `deliver` gets each event with it until `unwatch`. */
  watch(runId: string, deliver: (watchId: string, event: RunEvent) => void): string {
    if (this.#closed) throw new ServiceError('unavailable', 'this connection is closed');
    if (this.#watches.size >= this.#limit) throw new ServiceError('conflict', `a connection may watch at most ${this.#limit} runs at once; stop watching one first`);
    const watchId = randomUUID();
    const unsubscribe = this.#subscribe(runId, (event) => {
      if (!this.#watches.has(watchId)) return;
      deliver(watchId, event);
      // An ended run sends nothing more: its watch ends with it and frees its place.
      if (event.kind === 'status' && isFinished(event.status)) this.unwatch(watchId);
    });
    this.#watches.set(watchId, unsubscribe);
    return watchId;
  }

  /** Ends a watch; answers whether there was one by that id. */
  unwatch(watchId: string): boolean {
    const unsubscribe = this.#watches.get(watchId);
    if (unsubscribe === undefined) return false;
    this.#watches.delete(watchId);
    unsubscribe();
    return true;
  }

  /** Ends every watch (the page reloaded) and keeps taking new ones. */
  clear(): void {
    for (const watchId of [...this.#watches.keys()]) this.unwatch(watchId);
  }

  /** Ends every watch and refuses new ones: the connection is gone. */
  close(): void {
    this.#closed = true;
    this.clear();
  }
}
