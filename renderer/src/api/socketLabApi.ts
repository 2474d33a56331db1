import { LabApiProxy } from '../../../common/labApiProxy.ts';
import type { LabApiMethod } from '../../../common/labApiMethods.ts';
import { utf8ByteLength } from '../../../common/scenarioLimits.ts';
import { maxSocketMessageBytes, type SocketCall, type SocketMessage } from '../../../common/socketProtocol.ts';
import type { LabApi, LabError, Result } from '../../../preload/api.ts';
import type { ConnectionState } from './connectionState.ts';

// Browser mode: the LabApi contract over one WebSocket. The socket can drop (core restarted,
// laptop asleep), so calls never hang: they wait briefly for a connection, then fail with
// 'unavailable', and live watches are re-established after every reconnect.

export interface SocketLabApiOptions {
  url: string;
  onStateChange?: (state: ConnectionState) => void;
  /** How long a call waits for a (re)connection before failing. */
  connectTimeoutMs?: number;
  /** The first wait before reconnecting; it doubles up to `maxRetryDelayMs`. */
  firstRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

export interface SocketLabApi extends LabApi {
  /** Stops reconnecting and closes the socket (a page never needs it; tests and embedders do). */
  close(): void;
}

function unavailable(message: string): { ok: false; error: LabError } {
  return { ok: false, error: { code: 'unavailable', message } };
}

function kibibytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString('en')} KiB`;
}

export function createSocketLabApi(options: SocketLabApiOptions): SocketLabApi {
  const connectTimeoutMs = options.connectTimeoutMs ?? 4_000;
  const firstRetryDelayMs = options.firstRetryDelayMs ?? 500;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let closedByOwner = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let nextCallId = 1;
  let retryDelayMs = firstRetryDelayMs;
  const pendingCalls = new Map<number, (result: Result<unknown>) => void>();
  const openWaiters = new Set<() => void>();
  const proxy = new LabApiProxy({ call });

  function setState(next: ConnectionState): void {
    if (state === next) return;
    state = next;
    options.onStateChange?.(next);
  }

  function connect(): void {
    retryTimer = null;
    const current = new WebSocket(options.url);
    socket = current;
    current.addEventListener('open', () => {
      retryDelayMs = firstRetryDelayMs;
      setState('open');
      for (const wake of openWaiters) wake();
      openWaiters.clear();
      proxy.reconnected();
    });
    current.addEventListener('message', (message) => {
      if (typeof message.data === 'string') handleMessage(message.data);
    });
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = null;
      for (const resolve of pendingCalls.values()) resolve(unavailable('The connection to proclab was lost.'));
      pendingCalls.clear();
      proxy.connectionLost();
      if (closedByOwner) return;
      setState('reconnecting');
      retryTimer = setTimeout(connect, retryDelayMs);
      retryDelayMs = Math.min(maxRetryDelayMs, retryDelayMs * 2);
    });
  }

  function handleMessage(text: string): void {
    let message: SocketMessage;
    try {
      message = JSON.parse(text) as SocketMessage;
    } catch {
      return;
    }
    if (message.kind === 'result') {
      const resolve = pendingCalls.get(message.id);
      if (resolve === undefined) return;
      pendingCalls.delete(message.id);
      resolve(message.result);
    } else if (message.kind === 'event') {
      proxy.deliver(message.watchId, message.event);
    }
  }

  function waitForOpen(): Promise<boolean> {
    if (socket?.readyState === WebSocket.OPEN) return Promise.resolve(true);
    if (closedByOwner) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        openWaiters.delete(wake);
        resolve(false);
      }, connectTimeoutMs);
      openWaiters.add(wake);
    });
  }

  async function call(method: LabApiMethod, args: unknown[]): Promise<Result<unknown>> {
    const id = nextCallId++;
    const request: SocketCall = { id, method, args };
    const text = JSON.stringify(request);
    // The server closes the connection on a message over its limit; say why here instead.
    const bytes = utf8ByteLength(text);
    if (bytes > maxSocketMessageBytes) {
      return { ok: false, error: { code: 'invalid-argument', message: `${method} was not sent: it is ${kibibytes(bytes)}, and proclab accepts at most ${kibibytes(maxSocketMessageBytes)} in one call.` } };
    }
    if (!(await waitForOpen()) || socket?.readyState !== WebSocket.OPEN) return unavailable('proclab is not reachable right now; reconnecting.');
    const sent = socket;
    return new Promise<Result<unknown>>((resolve) => {
      pendingCalls.set(id, resolve);
      try {
        sent.send(text);
      } catch (error) {
        pendingCalls.delete(id);
        resolve(unavailable(error instanceof Error ? error.message : String(error)));
      }
    });
  }

  function close(): void {
    closedByOwner = true;
    if (retryTimer !== null) clearTimeout(retryTimer);
    for (const wake of openWaiters) wake();
    openWaiters.clear();
    for (const resolve of pendingCalls.values()) resolve(unavailable('The connection to proclab was closed.'));
    pendingCalls.clear();
    socket?.close();
  }

  options.onStateChange?.(state);
  connect();
  return { ...proxy.api, close };
}
