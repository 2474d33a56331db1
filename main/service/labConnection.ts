import type { Result, RunEvent, RunWatch } from '../../preload/api.ts';
import { isLabApiMethod } from '../../common/labApiMethods.ts';
import { answer } from './answer.ts';
import { runIdArgument, watchIdArgument } from './argumentChecks.ts';
import { labMethodTable } from './labMethodTable.ts';
import type { LabService } from './labService.ts';
import { RunWatches } from './runWatches.ts';

/**
 * One face's connection to the service: a window over IPC, a page over its WebSocket. Calls
 * arrive by method name with untrusted arguments; the events of the runs it watches leave
 * through `deliver`, tagged with their watch ids. A transport only carries these two ways.
 */
export class LabConnection {
  readonly service: LabService;
  readonly #watches: RunWatches;
  readonly #deliver: (watchId: string, event: RunEvent) => void;

  constructor(service: LabService, deliver: (watchId: string, event: RunEvent) => void) {
    this.service = service;
    this.#deliver = deliver;
    this.#watches = new RunWatches((runId, listener) => service.subscribe(runId, listener));
  }

  /** How many runs this connection watches now. */
  get watchCount(): number {
    return this.#watches.size;
  }

  /** One contract call by name; a name that is not a method, or too many arguments, is an error value. */
  call(method: unknown, args: unknown): Promise<Result<unknown>> {
    if (typeof method !== 'string') return refused(`a method's name must be text, not ${method === null ? 'null' : typeof method}`);
    if (!isLabApiMethod(method)) return refused(`there is no method ${JSON.stringify(method.slice(0, 64))}`);
    const route = labMethodTable[method];
    if (!Array.isArray(args) || args.length > route.arity) return refused(`${method} takes at most ${route.arity} argument(s)`);
    return route.call(this, args);
  }

  watchRun(runId: unknown): Promise<Result<RunWatch>> {
    return answer(() => ({ watchId: this.#watches.watch(runIdArgument(runId), this.#deliver) }));
  }

  /** Ending a watch that is already gone is not an error: the page may not have heard yet. */
  unwatchRun(watchId: unknown): Promise<Result<null>> {
    return answer(() => {
      this.#watches.unwatch(watchIdArgument(watchId));
      return null;
    });
  }

  /** Ends every watch but keeps the connection (its page was reloaded). */
  clearWatches(): void {
    this.#watches.clear();
  }

  /** The connection is gone: its watches end and it takes no new ones. */
  close(): void {
    this.#watches.close();
  }
}

function refused(message: string): Promise<Result<never>> {
  return Promise.resolve({ ok: false, error: { code: 'invalid-argument', message } });
}
