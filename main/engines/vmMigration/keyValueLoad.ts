// Real TCP clients of the key-value guest, through the front port: an open-loop load (requests at
// fixed intended times; response time counted from the intended time, as wrk2 does, so a stalled
// server is not hidden by clients that stop sending), and a final read-back of everything written.
import { connect, type Socket } from 'node:net';
import { HdrHistogram } from '../../measure/hdrHistogram.ts';
import { initialValueOf } from './guest/keyValueStore.ts';

export interface KeyValueLoadOptions {
  port: number;
  connections: number;
  requestsPerSecond: number;
  keyCount: number;
  writeFraction: number;
  random: () => number;
}

interface Outstanding {
  intendedAt: number;
  key: string;
  value: string | undefined;
}

interface ClientConnection {
  socket: Socket;
  outstanding: Outstanding[];
  partial: string;
  nextSendAt: number;
  onLine: ((line: string) => void) | undefined;
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
  /** Last value acknowledged for each key written (the model the read-back checks against). */
  private readonly written = new Map<string, string>();
  private readonly attemptedWrites = new Set<string>();
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
      const client: ClientConnection = { socket, outstanding: [], partial: '', nextSendAt: performance.now(), onLine: undefined };
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
        const value = writing ? `v${this.sequence}` : undefined;
        if (writing) this.attemptedWrites.add(key);
        client.outstanding.push({ intendedAt: client.nextSendAt, key, value });
        client.socket.write(writing ? `SET ${key} ${value}\n` : `GET ${key}\n`);
        client.nextSendAt += intervalMs;
      }
    }
  }

  private onData(client: ClientConnection, chunk: Buffer): void {
    client.partial += chunk.toString();
    const lines = client.partial.split('\n');
    client.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (client.onLine !== undefined) {
        client.onLine(line);
        continue;
      }
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
      if (request.value !== undefined) {
        if (line === 'OK') this.written.set(request.key, request.value);
        else this.errors += 1;
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
    while (this.outstandingCount() > 0 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /**
   * Reads back every key written and a sample of untouched keys through the front port; returns
   * "ok" or what differs.
   */
  async verify(timeoutMs: number): Promise<string> {
    const client = this.connections[0];
    if (client === undefined) return 'no client connection';
    const expected = new Map(this.written);
    for (let index = 0; index < Math.min(this.options.keyCount, 200); index += 1) {
      const key = `k${index}`;
      if (!expected.has(key) && !this.attemptedWrites.has(key)) expected.set(key, initialValueOf(key));
    }
    const keys = [...expected.keys()];
    const answers: string[] = [];
    const done = new Promise<void>((resolve) => {
      client.onLine = (line) => {
        answers.push(line);
        if (answers.length === keys.length) resolve();
      };
    });
    client.socket.write(keys.map((key) => `GET ${key}\n`).join(''));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    client.onLine = undefined;
    if (answers.length < keys.length) return `read-back incomplete: ${answers.length} of ${keys.length} answers within ${timeoutMs} ms`;
    let mismatches = 0;
    let first = '';
    for (const [position, key] of keys.entries()) {
      if (answers[position] !== `VALUE ${expected.get(key)}`) {
        mismatches += 1;
        if (first === '') first = `${key}: expected "${expected.get(key)}", got "${answers[position]}"`;
      }
    }
    return mismatches === 0 ? 'ok' : `${mismatches} of ${keys.length} keys wrong after migration (${first})`;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    for (const client of this.connections) client.socket.destroy();
  }
}
