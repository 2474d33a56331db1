// The page's side of a transport (the Electron preload, the browser-mode socket client): the
// LabApi contract built from the method list, every method one named call. Only watching needs
// more than a call — a listener cannot cross — so the proxy keeps the page's watches: it routes
// each arriving event to its listener by watch id, holds events that arrive before their
// watchRun answer, and watches again after the transport reconnects.
import type { LabApi, LabTransportApi, Result, RunEvent, RunWatch, Unsubscribe } from '../preload/api.ts';
import { labApiMethods, type LabApiMethod } from './labApiMethods.ts';

export interface LabTransport {
  /** One named call; the transport answers an error value when it cannot carry it. */
  call(method: LabApiMethod, args: unknown[]): Promise<Result<unknown>>;
}

interface Watch {
  runId: string;
  listener: (event: RunEvent) => void;
  watchId: string | null;
  active: boolean;
}

/** Events held for watch ids the page has not heard of yet; more is a flood, and is dropped. */
const maxEarlyEvents = 5_000;

export class LabApiProxy {
  readonly api: LabApi;
  readonly #transport: LabTransport;
  readonly #watches = new Set<Watch>();
  readonly #watchesById = new Map<string, Watch>();
  // The core may send a watch's first events before the page has read its watchRun answer.
  readonly #earlyEvents = new Map<string, RunEvent[]>();
  #earlyEventCount = 0;

  constructor(transport: LabTransport) {
    this.#transport = transport;
    const api: Record<string, unknown> = {};
    for (const method of labApiMethods) {
      if (method === 'watchRun' || method === 'unwatchRun') continue;
      api[method] = (...args: unknown[]) => transport.call(method, withoutTrailingUndefined(args));
    }
    api.watchRun = (runId: string, listener: (event: RunEvent) => void) => this.#watchRun(runId, listener);
    this.api = api as unknown as LabApi;
  }

  /** An event arrived from the core for one of this page's watches. */
  deliver(watchId: string, event: RunEvent): void {
    const watch = this.#watchesById.get(watchId);
    if (watch !== undefined) {
      if (watch.active) watch.listener(event);
      return;
    }
    if (this.#earlyEventCount >= maxEarlyEvents) return;
    const held = this.#earlyEvents.get(watchId) ?? [];
    held.push(event);
    this.#earlyEvents.set(watchId, held);
    this.#earlyEventCount += 1;
  }

  /** The transport lost its connection: the core has forgotten every watch id. */
  connectionLost(): void {
    this.#watchesById.clear();
    this.#earlyEvents.clear();
    this.#earlyEventCount = 0;
    for (const watch of this.#watches) watch.watchId = null;
  }

  /** The transport is connected again: every watch still wanted is made anew. */
  reconnected(): void {
    for (const watch of this.#watches) {
      if (watch.watchId === null) void this.#subscribe(watch);
    }
  }

  #call<Method extends 'watchRun' | 'unwatchRun'>(method: Method, args: Parameters<LabTransportApi[Method]>): ReturnType<LabTransportApi[Method]> {
    return this.#transport.call(method, args) as ReturnType<LabTransportApi[Method]>;
  }

  async #subscribe(watch: Watch): Promise<Result<null>> {
    const result: Result<RunWatch> = await this.#call('watchRun', [watch.runId]);
    if (!result.ok) return result;
    const { watchId } = result.value;
    const held = this.#earlyEvents.get(watchId) ?? [];
    this.#earlyEvents.delete(watchId);
    this.#earlyEventCount -= held.length;
    if (!watch.active) {
      void this.#call('unwatchRun', [watchId]);
      return { ok: true, value: null };
    }
    watch.watchId = watchId;
    this.#watchesById.set(watchId, watch);
    for (const event of held) {
      if (watch.active) watch.listener(event);
    }
    return { ok: true, value: null };
  }

  async #watchRun(runId: string, listener: (event: RunEvent) => void): Promise<Result<Unsubscribe>> {
    const watch: Watch = { runId, listener, watchId: null, active: true };
    const subscribed = await this.#subscribe(watch);
    if (!subscribed.ok) return subscribed;
    this.#watches.add(watch);
    const unsubscribe: Unsubscribe = () => {
      if (!watch.active) return;
      watch.active = false;
      this.#watches.delete(watch);
      if (watch.watchId === null) return;
      this.#watchesById.delete(watch.watchId);
      void this.#call('unwatchRun', [watch.watchId]);
    };
    return { ok: true, value: unsubscribe };
  }
}

/** JSON turns a trailing `undefined` into `null`, which is not the same argument; leave it off. */
function withoutTrailingUndefined(args: unknown[]): unknown[] {
  let length = args.length;
  while (length > 0 && args[length - 1] === undefined) length -= 1;
  return args.slice(0, length);
}
