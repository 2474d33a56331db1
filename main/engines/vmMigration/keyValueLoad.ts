// Real TCP clients of the key-value guest, through the front port: an open-loop load (requests at
// fixed intended times; response time counted from the intended time, as wrk2 does, so a stalled
// server is not hidden by clients that stop sending), and a final read-back of everything written.
//
// The read-back judges the guest by what the clients can know. Answers on different connections
// may reach the clients in any order (after a long downtime the guest's backlog of answers arrives
// in one burst), so the last write acknowledged is not necessarily the last one the guest applied.
// What is certain: a write acknowledged before another write to the same key was sent was applied
// before it. The guest's final value must be one of the writes that no later write is known to follow.
import { connect, type Socket } from 'node:net';
import { HdrHistogram } from '../../measure/hdrHistogram.ts';
import { pause, within } from '../../toolkit/abortableWaits.ts';
import { initialValueOf } from './guest/keyValueStore.ts';

export interface KeyValueLoadOptions {
  port: number;
  connections: number;
  requestsPerSecond: number;
  keyCount: number;
  writeFraction: number;
  random: () => number;
}

/** One SET, from when it was sent until the client knows whether the guest applied it. */
interface Write {
  value: string;
  sentAt: number;
  acknowledged: boolean;
  acknowledgedAt: number;
  failed: boolean;
}

interface Outstanding {
  intendedAt: number;
  key: string;
  write: Write | undefined;
}

interface ClientConnection {
  socket: Socket;
  outstanding: Outstanding[];
  partial: string;
  nextSendAt: number;
}

export interface LoadWindow {
  responses: number;
  responseTimeMaxMs: number;
  responseTimeP99Ms: number;
}

export class KeyValueLoad {
  readonly overall = new HdrHistogram();
  errors = 0;
  responses = 0;
  /** The longest stretch with requests outstanding and no response at all (client-seen downtime). */
  longestSilenceMs = 0;
  private window = new HdrHistogram();
  private lastResponseAt = 0;
  private readonly options: KeyValueLoadOptions;
  private readonly connections: ClientConnection[] = [];
  /**
   * Per key, the writes that may hold its value now: each write sent drops those acknowledged
   * before it was sent (it was certainly applied after them).
   */
  private readonly writes = new Map<string, Write[]>();
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;

  constructor(options: KeyValueLoadOptions) {
    this.options = options;
  }

  async start(): Promise<void> {
    for (let index = 0; index < this.options.connections; index += 1) {
      const socket = await new Promise<Socket>((resolve, reject) => {
        const opened = connect({ host: '127.0.0.1', port: this.options.port }, () => resolve(opened));
        opened.once('error', reject);
      });
      socket.setNoDelay(true);
      const client: ClientConnection = { socket, outstanding: [], partial: '', nextSendAt: performance.now() };
      socket.on('data', (chunk: Buffer) => this.onData(client, chunk));
      socket.on('error', () => undefined);
      this.connections.push(client);
    }
    this.lastResponseAt = performance.now();
    const intervalMs = (1000 * this.options.connections) / this.options.requestsPerSecond;
    for (const [index, client] of this.connections.entries()) client.nextSendAt = performance.now() + (index * intervalMs) / this.options.connections;
    this.timer = setInterval(() => this.sendDue(intervalMs), 1);
  }

  private sendDue(intervalMs: number): void {
    const now = performance.now();
    for (const client of this.connections) {
      // Bounded catch-up: at most 1000 requests per tick per connection.
      for (let sent = 0; client.nextSendAt <= now && sent < 1000; sent += 1) {
        const key = `k${Math.floor(this.options.random() * this.options.keyCount)}`;
        this.sequence += 1;
        const writing = this.options.random() < this.options.writeFraction;
        const write = writing ? this.recordWrite(key, `v${this.sequence}`, now) : undefined;
        client.outstanding.push({ intendedAt: client.nextSendAt, key, write });
        client.socket.write(write !== undefined ? `SET ${key} ${write.value}\n` : `GET ${key}\n`);
        client.nextSendAt += intervalMs;
      }
    }
  }

  private recordWrite(key: string, value: string, sentAt: number): Write {
    const write: Write = { value, sentAt, acknowledged: false, acknowledgedAt: 0, failed: false };
    const earlier = (this.writes.get(key) ?? []).filter((other) => !other.failed && !(other.acknowledged && other.acknowledgedAt < sentAt));
    earlier.push(write);
    this.writes.set(key, earlier);
    return write;
  }

  private onData(client: ClientConnection, chunk: Buffer): void {
    client.partial += chunk.toString();
    const lines = client.partial.split('\n');
    client.partial = lines.pop() ?? '';
    for (const line of lines) {
      const request = client.outstanding.shift();
      if (request === undefined) continue;
      const now = performance.now();
      // Open loop: requests are always due, so any long gap between answers is the service stalling.
      this.longestSilenceMs = Math.max(this.longestSilenceMs, now - this.lastResponseAt);
      this.lastResponseAt = now;
      const latencyMs = now - request.intendedAt;
      this.overall.record(latencyMs * 1000);
      this.window.record(latencyMs * 1000);
      this.responses += 1;
      if (request.write !== undefined) {
        request.write.acknowledged = true;
        request.write.acknowledgedAt = now;
        if (line !== 'OK') {
          request.write.failed = true;
          this.errors += 1;
        }
      } else if (!line.startsWith('VALUE ')) {
        this.errors += 1;
      }
    }
  }

  private outstandingCount(): number {
    let count = 0;
    for (const client of this.connections) count += client.outstanding.length;
    return count;
  }

  /** Starts a new measurement window and returns the one that ended. */
  takeWindow(): LoadWindow {
    const window = this.window;
    this.window = new HdrHistogram();
    return { responses: window.count, responseTimeMaxMs: window.max / 1000, responseTimeP99Ms: window.percentile(99) / 1000 };
  }

  resetSilence(): void {
    this.longestSilenceMs = 0;
    this.lastResponseAt = performance.now();
  }

  /** Stops sending and waits (bounded) for the answers still outstanding. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    const until = performance.now() + timeoutMs;
    while (this.outstandingCount() > 0 && performance.now() < until) await pause(5);
  }

  /**
   * Reads back every key written and a sample of untouched keys, on a connection of its own (so no
   * answer still due to the load can be taken for a read-back answer); returns "ok" or what differs.
   * The guest answers in the order requests reach it, so the read-back sees every write sent before it.
   */
  async verify(timeoutMs: number): Promise<string> {
    const expected = new Map<string, string[]>();
    for (const [key, writes] of this.writes) {
      const possible = writes.filter((write) => !write.failed).map((write) => write.value);
      expected.set(key, possible.length > 0 ? possible : [initialValueOf(key)]);
    }
    for (let index = 0; index < Math.min(this.options.keyCount, 200); index += 1) {
      const key = `k${index}`;
      if (!expected.has(key)) expected.set(key, [initialValueOf(key)]);
    }
    const keys = [...expected.keys()];
    let socket: Socket;
    try {
      socket = await new Promise<Socket>((resolve, reject) => {
        const opened = connect({ host: '127.0.0.1', port: this.options.port }, () => resolve(opened));
        opened.once('error', reject);
      });
    } catch (error) {
      return `read-back could not connect: ${error instanceof Error ? error.message : String(error)}`;
    }
    const answers: string[] = [];
    const received = new Promise<void>((resolve) => {
      let partial = '';
      socket.on('data', (chunk: Buffer) => {
        partial += chunk.toString();
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        answers.push(...lines);
        if (answers.length >= keys.length) resolve();
      });
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    });
    try {
      socket.write(keys.map((key) => `GET ${key}\n`).join(''));
      await within(received, timeoutMs);
    } finally {
      socket.destroy();
    }
    if (answers.length < keys.length) return `read-back incomplete: ${answers.length} of ${keys.length} answers within ${timeoutMs} ms`;
    let mismatches = 0;
    let first = '';
    for (const [position, key] of keys.entries()) {
      const possible = expected.get(key)!;
      if (!possible.some((value) => answers[position] === `VALUE ${value}`)) {
        mismatches += 1;
        if (first === '') first = `${key}: expected ${possible.map((value) => `"${value}"`).join(' or ')}, got "${answers[position]}"`;
      }
    }
    return mismatches === 0 ? 'ok' : `${mismatches} of ${keys.length} keys wrong after migration (${first})`;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    for (const client of this.connections) client.socket.destroy();
  }
}
