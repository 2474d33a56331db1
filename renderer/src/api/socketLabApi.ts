import type { LabApiMethod } from '../../../common/labApiMethods.ts';
import type { SocketCall, SocketMessage } from '../../../common/socketProtocol.ts';
import type { LabApi, LabError, Result, RunEvent, Unsubscribe } from '../../../preload/api.ts';
import type { ConnectionState } from './connectionState.ts';

// Browser mode: the LabApi contract over one WebSocket. The socket can drop (core restarted,
// laptop asleep), so calls never hang: they wait briefly for a connection, then fail with
// 'unavailable', and live watches are re-established after every reconnect.

export interface SocketLabApiOptions {
  url: string;
  onStateChange?: (state: ConnectionState) => void;
  /** How long a call waits for a (re)connection before failing. */
  connectTimeoutMs?: number;
}

interface PendingCall {
  resolve: (result: Result<unknown>) => void;
}

interface Watch {
  runId: string;
  listener: (event: RunEvent) => void;
  watchId: string | null;
  active: boolean;
}

const firstRetryDelayMs = 500;
const maxRetryDelayMs = 5_000;
const maxBufferedEvents = 5_000;

function unavailable(message: string): { ok: false; error: LabError } {
  return { ok: false, error: { code: 'unavailable', message } };
}

export function createSocketLabApi(options: SocketLabApiOptions): LabApi {
  const connectTimeoutMs = options.connectTimeoutMs ?? 4_000;
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextCallId = 1;
  let retryDelayMs = firstRetryDelayMs;
  const pendingCalls = new Map<number, PendingCall>();
  const watchesById = new Map<string, Watch>();
  const watches = new Set<Watch>();
  const openWaiters = new Set<() => void>();
  // The core may send a watch's first events before the page has read the watchId reply.
  const earlyEvents = new Map<string, RunEvent[]>();
  let earlyEventCount = 0;

  function setState(next: ConnectionState): void {
    if (state === next) return;
    state = next;
    options.onStateChange?.(next);
  }

  function connect(): void {
    const current = new WebSocket(options.url);
    socket = current;
    current.addEventListener('open', () => {
      retryDelayMs = firstRetryDelayMs;
      setState('open');
      for (const wake of openWaiters) wake();
      openWaiters.clear();
      for (const watch of watches) void subscribe(watch);
    });
    current.addEventListener('message', (message) => {
      if (typeof message.data === 'string') handleMessage(message.data);
    });
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = null;
      for (const call of pendingCalls.values()) call.resolve(unavailable('The connection to proclab was lost.'));
      pendingCalls.clear();
      watchesById.clear();
      earlyEvents.clear();
      earlyEventCount = 0;
      for (const watch of watches) watch.watchId = null;
      setState('reconnecting');
      setTimeout(connect, retryDelayMs);
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
      const call = pendingCalls.get(message.id);
      if (call === undefined) return;
      pendingCalls.delete(message.id);
      call.resolve(message.result);
    } else if (message.kind === 'event') {
      const watch = watchesById.get(message.watchId);
      if (watch !== undefined) {
        if (watch.active) watch.listener(message.event);
      } else if (earlyEventCount < maxBufferedEvents) {
        const buffered = earlyEvents.get(message.watchId) ?? [];
        buffered.push(message.event);
        earlyEvents.set(message.watchId, buffered);
        earlyEventCount += 1;
      }
    }
  }

  function waitForOpen(): Promise<boolean> {
    if (socket?.readyState === WebSocket.OPEN) return Promise.resolve(true);
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

  async function call<T>(method: LabApiMethod | 'unwatchRun', args: unknown[]): Promise<Result<T>> {
    if (!(await waitForOpen()) || socket === null) return unavailable('proclab is not reachable right now; reconnecting.');
    const id = nextCallId++;
    const request: SocketCall = { id, method, args };
    const sent = socket;
    return new Promise<Result<T>>((resolve) => {
      pendingCalls.set(id, { resolve: resolve as (result: Result<unknown>) => void });
      try {
        sent.send(JSON.stringify(request));
      } catch (error) {
        pendingCalls.delete(id);
        resolve(unavailable(error instanceof Error ? error.message : String(error)));
      }
    });
  }

  async function subscribe(watch: Watch): Promise<Result<null>> {
    const result = await call<{ watchId: string }>('watchRun', [watch.runId]);
    if (!result.ok) return result;
    const { watchId } = result.value;
    if (!watch.active) {
      void call('unwatchRun', [watchId]);
      return { ok: true, value: null };
    }
    watch.watchId = watchId;
    watchesById.set(watchId, watch);
    const buffered = earlyEvents.get(watchId) ?? [];
    earlyEvents.delete(watchId);
    earlyEventCount -= buffered.length;
    for (const event of buffered) watch.listener(event);
    return { ok: true, value: null };
  }

  async function watchRun(runId: string, listener: (event: RunEvent) => void): Promise<Result<Unsubscribe>> {
    const watch: Watch = { runId, listener, watchId: null, active: true };
    const subscribed = await subscribe(watch);
    if (!subscribed.ok) return subscribed;
    watches.add(watch);
    const unsubscribe: Unsubscribe = () => {
      if (!watch.active) return;
      watch.active = false;
      watches.delete(watch);
      if (watch.watchId !== null) {
        watchesById.delete(watch.watchId);
        if (socket?.readyState === WebSocket.OPEN) void call('unwatchRun', [watch.watchId]);
      }
    };
    return { ok: true, value: unsubscribe };
  }

  options.onStateChange?.(state);
  connect();

  return {
    listLabs: () => call('listLabs', []),
    getLab: (labId) => call('getLab', [labId]),
    validateScenario: (labId, scenarioText) => call('validateScenario', [labId, scenarioText]),
    startRun: (request) => call('startRun', [request]),
    cancelRun: (runId) => call('cancelRun', [runId]),
    watchRun,
    listRuns: (filter) => call('listRuns', filter === undefined ? [] : [filter]),
    getRun: (runId) => call('getRun', [runId]),
    deleteRun: (runId) => call('deleteRun', [runId]),
    exportReport: (runId, language) => call('exportReport', language === undefined ? [runId] : [runId, language]),
    getVariant: (labId, studentId) => call('getVariant', [labId, studentId]),
    saveAnswer: (runId, questionId, markdown) => call('saveAnswer', [runId, questionId, markdown]),
    importLabPack: (packText) => call('importLabPack', [packText]),
  };
}
