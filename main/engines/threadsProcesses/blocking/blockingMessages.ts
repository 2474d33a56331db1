// Messages between the engine and the thread that plays the single-threaded server.

export type ServerDesign = 'event-loop' | 'worker-pool';

export interface BlockingServerOptions {
  design: ServerDesign;
  /** The server's periodic job: one tick is due every tickIntervalMs. */
  tickIntervalMs: number;
  /** How long ticks run, from the first one. */
  durationMs: number;
  /** How long each request's blocking call keeps its thread asleep. */
  blockMs: number;
  /** A request with a blocking call arrives every blockEveryMs, the first one after that long. */
  blockEveryMs: number;
  /** Threads in the pool (worker-pool design only). */
  poolSize: number;
  /** Path of the pool thread's entry module, resolved by the engine (it knows source from build). */
  poolWorkerPath: string;
}

export type BlockingServerMessage =
  | { kind: 'started'; poolThreads: number }
  /** One tick ran: how long after its intended time, measured on the server thread. */
  | { kind: 'tick'; index: number; latenessMs: number }
  /**
   * A blocking call ended: how long its thread was really asleep (measured on that thread), and
   * how long after the request's arrival time it ended (its response time).
   */
  | { kind: 'blocked'; request: number; blockedMs: number; responseMs: number; onServerThread: boolean }
  /** `requests`: blocking calls that began; `unserved`: requests due in the window whose call never began. */
  | { kind: 'done'; ticks: number; requests: number; unserved: number };

export interface PoolJobMessage {
  request: number;
  blockMs: number;
}

export interface PoolJobDoneMessage {
  request: number;
  blockedMs: number;
}
