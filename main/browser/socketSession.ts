import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { RunEvent, Unsubscribe } from '../../preload/api.ts';
import type { SocketCall, SocketMessage } from '../../common/socketProtocol.ts';
import { callRoutedMethod, isRoutedMethod } from '../service/labMethodTable.ts';
import type { LabService } from '../service/labService.ts';

/** The most runs one page may watch at once; more is a broken or hostile page. */
const maxWatches = 64;

/** One page's connection: named contract calls in, results and run events out. */
export class SocketSession {
  readonly #socket: WebSocket;
  readonly #service: LabService;
  readonly #watches = new Map<string, Unsubscribe>();

  constructor(socket: WebSocket, service: LabService) {
    this.#socket = socket;
    this.#service = service;
  }

  start(): void {
    this.#socket.on('message', (data, isBinary) => {
      if (isBinary) return this.#socket.close(1003, 'text messages only');
      void this.#handle(data.toString());
    });
    this.#socket.on('close', () => {
      for (const unsubscribe of this.#watches.values()) unsubscribe();
      this.#watches.clear();
    });
  }

  #send(message: SocketMessage): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  async #handle(text: string): Promise<void> {
    let call: Partial<SocketCall>;
    try {
      call = JSON.parse(text) as Partial<SocketCall>;
    } catch {
      return this.#socket.close(1007, 'messages must be JSON');
    }
    if (call === null || typeof call !== 'object' || typeof call.id !== 'number' || !Number.isSafeInteger(call.id)) {
      return this.#socket.close(1008, 'every call needs a numeric id');
    }
    const id = call.id;
    const args = Array.isArray(call.args) ? call.args : [];
    if (call.method === 'watchRun') return this.#watch(id, args);
    if (call.method === 'unwatchRun') {
      const watchId = args[0];
      if (typeof watchId === 'string') {
        this.#watches.get(watchId)?.();
        this.#watches.delete(watchId);
      }
      return this.#send({ kind: 'result', id, result: { ok: true, value: null } });
    }
    if (!isRoutedMethod(call.method)) {
      return this.#send({ kind: 'result', id, result: { ok: false, error: { code: 'invalid-argument', message: `there is no method ${JSON.stringify(call.method)}` } } });
    }
    this.#send({ kind: 'result', id, result: await callRoutedMethod(this.#service, call.method, call.args) });
  }

  async #watch(id: number, args: unknown[]): Promise<void> {
    if (this.#watches.size >= maxWatches) {
      return this.#send({ kind: 'result', id, result: { ok: false, error: { code: 'conflict', message: `a page may watch at most ${maxWatches} runs` } } });
    }
    const watchId = randomUUID();
    const result = await this.#service.watchRun(args[0], (event: RunEvent) => this.#send({ kind: 'event', watchId, event }));
    if (!result.ok) return this.#send({ kind: 'result', id, result });
    this.#watches.set(watchId, result.value);
    this.#send({ kind: 'result', id, result: { ok: true, value: { watchId } } });
  }
}
