import type { InetdEntry } from './inetdConfiguration.ts';
import { NativeSpawner } from './nativeSpawn.ts';
import { ServiceListener, type SuperserverEvent } from './serviceListener.ts';

export type { SuperserverEvent } from './serviceListener.ts';

export interface SuperserverOptions {
  portOffset: number;
  clock?: () => Date;
  onEvent?: (event: SuperserverEvent) => void;
}

export interface ReloadSummary {
  added: string[];
  removed: string[];
  changed: string[];
  kept: string[];
}

/** One log line per event, in the words inetd and xinetd use in syslog. */
export function describeSuperserverEvent(event: SuperserverEvent): string {
  switch (event.kind) {
    case 'listening':
      return `${event.key}: listening on port ${event.port}`;
    case 'handler-started':
      return `${event.key}: START pid=${event.pid ?? 'internal'} from=${event.source} (running ${event.running})`;
    case 'handler-exited':
      return `${event.key}: EXIT pid=${event.pid ?? 'internal'} ${event.signal ? `signal=${event.signal}` : `status=${event.exitCode ?? '?'}`} (running ${event.running})`;
    case 'refused':
      return `${event.key}: FAIL ${event.reason} from=${event.source}: ${event.detail}`;
    case 'deactivated':
      return `${event.key}: deactivating service for ${event.pauseMs / 1000} s (connection rate too high)`;
    case 'reactivated':
      return `${event.key}: service reactivated`;
    case 'stopped':
      return `${event.key}: stopped listening`;
    case 'problem':
      return `${event.key}: ${event.message}`;
  }
}

/**
 * An inetd-style superserver: listens on every configured TCP and UDP port at once and starts a
 * handler only when a request comes in. It owns nothing but its listeners; `stop` releases them.
 */
export class Superserver {
  private readonly listeners = new Map<string, ServiceListener>();
  private readonly options: SuperserverOptions;
  private readonly startedAt = performance.now();
  private spawner: NativeSpawner | undefined;

  constructor(options: SuperserverOptions) {
    this.options = options;
  }

  private listenerFor(entry: InetdEntry): ServiceListener {
    return new ServiceListener(entry, {
      portOffset: this.options.portOffset,
      clock: this.options.clock ?? (() => new Date()),
      nowMs: () => performance.now() - this.startedAt,
      emit: (event) => this.options.onEvent?.(event),
      ...(this.spawner === undefined ? {} : { spawner: this.spawner }),
    });
  }

  /** Starts every entry; if one port cannot be had, the ones already open are closed again. */
  async start(entries: readonly InetdEntry[]): Promise<void> {
    this.spawner ??= await NativeSpawner.load();
    for (const entry of entries) {
      const listener = this.listenerFor(entry);
      try {
        await listener.start();
      } catch (error) {
        await this.stop();
        throw new Error(`${entry.key} cannot listen on port ${listener.port}: ${(error as Error).message}`);
      }
      this.listeners.set(entry.key, listener);
    }
  }

  /** The port a configured service really listens on (after the offset). */
  portOf(key: string): number | undefined {
    return this.listeners.get(key)?.port;
  }

  running(key: string): number {
    return this.listeners.get(key)?.running ?? 0;
  }

  totalRunning(): number {
    let total = 0;
    for (const listener of this.listeners.values()) total += listener.running;
    return total;
  }

  /**
   * inetd's SIGHUP: re-reads the configuration without a restart. Services that keep their port
   * keep their socket (connections in progress are not disturbed); the others are closed or opened.
   */
  async reload(entries: readonly InetdEntry[]): Promise<ReloadSummary> {
    const summary: ReloadSummary = { added: [], removed: [], changed: [], kept: [] };
    const wanted = new Map(entries.map((entry) => [entry.key, entry]));
    for (const [key, listener] of [...this.listeners]) {
      const entry = wanted.get(key);
      if (entry !== undefined && entry.port === listener.entry.port) {
        const changed = JSON.stringify({ ...entry, line: 0 }) !== JSON.stringify({ ...listener.entry, line: 0 });
        listener.update(entry);
        (changed ? summary.changed : summary.kept).push(key);
        continue;
      }
      this.listeners.delete(key);
      await listener.stop(false);
      summary.removed.push(key);
    }
    for (const entry of entries) {
      if (this.listeners.has(entry.key)) continue;
      const listener = this.listenerFor(entry);
      try {
        await listener.start();
        this.listeners.set(entry.key, listener);
        summary.added.push(entry.key);
      } catch (error) {
        this.options.onEvent?.({ kind: 'problem', key: entry.key, message: `cannot listen on port ${listener.port}: ${(error as Error).message}` });
      }
    }
    return summary;
  }

  /** Closes every port and ends every running handler. */
  async stop(): Promise<void> {
    const listeners = [...this.listeners.values()];
    this.listeners.clear();
    await Promise.all(listeners.map((listener) => listener.stop(true)));
  }
}
