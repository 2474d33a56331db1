// At-most-once execution: a server remembers, for a while, the reply it gave to each request
// (keyed by who called and the request id), so a retransmitted request is answered from memory
// instead of being run again — what NFS servers' duplicate request caches do. The table is soft
// state: an entry lapses after `lifetimeMs`, which bounds its memory; a duplicate that arrives
// later than that is run again.

export interface DuplicateTableStatistics {
  entries: number;
  /** What the entries hold now: their keys, their cached replies and an expiry time each. */
  bytes: number;
  peakEntries: number;
  peakBytes: number;
  /** Retransmissions answered from the table (not run again). */
  answeredFromTable: number;
  /** Retransmissions that came while the first was still running: they get its reply when it is ready. */
  whileInProgress: number;
  expired: number;
}

export type DuplicateLookup = { state: 'new' } | { state: 'inProgress'; reply: Promise<Buffer | undefined> } | { state: 'done'; reply: Buffer };

interface Entry {
  reply: Buffer | undefined;
  /** Retransmissions waiting for the first run to end. */
  waiting: ((reply: Buffer | undefined) => void)[];
  expiresAtMs: number;
  bytes: number;
}

/** Bytes an entry costs besides its key and reply: its expiry time, a double. */
const expiryBytes = 8;

export class DuplicateRequestTable {
  private readonly entries = new Map<string, Entry>();
  private readonly lifetimeMs: number;
  private readonly maximumEntries: number;
  private readonly nowMs: () => number;
  private bytes = 0;
  private readonly statistics: Omit<DuplicateTableStatistics, 'entries' | 'bytes'> = { peakEntries: 0, peakBytes: 0, answeredFromTable: 0, whileInProgress: 0, expired: 0 };

  constructor(options: { lifetimeMs: number; maximumEntries?: number; nowMs?: () => number }) {
    this.lifetimeMs = options.lifetimeMs;
    this.maximumEntries = options.maximumEntries ?? 100_000;
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  /** Looks a request up; a new one is entered as in progress. */
  begin(key: string): DuplicateLookup {
    this.expire();
    const entry = this.entries.get(key);
    if (entry === undefined) {
      // A full table forgets its oldest entry: memory stays bounded even under a flood.
      if (this.entries.size >= this.maximumEntries) this.remove(this.entries.keys().next().value!);
      this.add(key, { reply: undefined, waiting: [], expiresAtMs: this.nowMs() + this.lifetimeMs, bytes: Buffer.byteLength(key) + expiryBytes });
      return { state: 'new' };
    }
    if (entry.reply === undefined) {
      this.statistics.whileInProgress += 1;
      return { state: 'inProgress', reply: new Promise((resolve) => entry.waiting.push(resolve)) };
    }
    this.statistics.answeredFromTable += 1;
    return { state: 'done', reply: entry.reply };
  }

  /** Keeps the reply of a request that has run. */
  finish(key: string, reply: Buffer): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.remove(key);
    this.add(key, { reply, waiting: [], expiresAtMs: this.nowMs() + this.lifetimeMs, bytes: entry.bytes + reply.length });
    for (const waiter of entry.waiting) waiter(reply);
  }

  /** Forgets a request whose run failed, so that a retry runs it (waiting copies get no reply). */
  abandon(key: string): void {
    const entry = this.entries.get(key);
    this.remove(key);
    for (const waiter of entry?.waiting ?? []) waiter(undefined);
  }

  expire(): number {
    const now = this.nowMs();
    let expired = 0;
    // Entries are kept in the order they were made or finished, so the oldest come first.
    for (const [key, entry] of this.entries) {
      if (entry.expiresAtMs > now) break;
      this.remove(key);
      expired += 1;
    }
    this.statistics.expired += expired;
    return expired;
  }

  private add(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    this.statistics.peakEntries = Math.max(this.statistics.peakEntries, this.entries.size);
    this.statistics.peakBytes = Math.max(this.statistics.peakBytes, this.bytes);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  report(): DuplicateTableStatistics {
    return { entries: this.entries.size, bytes: this.bytes, ...this.statistics };
  }
}
