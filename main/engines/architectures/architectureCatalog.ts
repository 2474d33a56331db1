// The server architectures a scenario can name. Adding one: its name, description and
// characteristics here, its server in servers/, and its factory in servers/serverArchitectures.ts.

export const architectureNames = [
  'iterative',
  'thread-pool',
  'event-driven',
  'thread-per-request',
  'process-per-request',
  'prefork',
  'event-pool',
] as const;

export type ArchitectureName = (typeof architectureNames)[number];

export const architectureDescriptions: Record<ArchitectureName, string> = {
  iterative:
    'One client at a time on one thread: other connections wait in the accept queue until the current one closes. Work blocks the whole server.',
  'thread-pool':
    'One event-loop thread accepts and parses; a fixed pool of worker threads does the work, fed through a bounded queue. Blocking work ties up one worker, not the server.',
  'event-driven':
    'One thread, one event loop, non-blocking I/O: waiting (io) costs no thread, but computation (cpu) or a blocking call stalls every client.',
  'thread-per-request':
    'A dispatcher thread creates a new worker thread for every request, which does the work and ends: concurrency without a bound, paid with a thread start per request.',
  'process-per-request':
    'A new child process for every connection, handed the accepted socket (as inetd "nowait" does): separate address spaces, paid with a process start per connection.',
  prefork:
    'A pool of child processes started in advance (like Apache prefork); the parent accepts and hands each connection to an idle child, which serves it with blocking calls.',
  'event-pool':
    'An event loop that waits without threads (io, files) and hands computation and blocking calls to a pool of worker threads (like Apache’s event MPM or nginx thread pools).',
};

/** A row of the lecture's table of server characteristics, filled in for one architecture. */
export interface ArchitectureCharacteristics {
  /** The lecture's row: single-threaded, multithreaded, multiprocess or finite state machine. */
  model: string;
  parallelism: string;
  systemCalls: string;
  dataSpace: string;
  /** Who handles a request, and what bounds how many are in service at once. */
  concurrency: string;
}

export const architectureCharacteristics: Record<ArchitectureName, ArchitectureCharacteristics> = {
  iterative: {
    model: 'single-threaded',
    parallelism: 'none',
    systemCalls: 'blocking',
    dataSpace: 'single',
    concurrency: 'one request at a time',
  },
  'thread-pool': {
    model: 'multithreaded',
    parallelism: 'yes (up to the pool size)',
    systemCalls: 'blocking',
    dataSpace: 'shared',
    concurrency: 'workers requests at a time; the rest queue (bounded)',
  },
  'event-driven': {
    model: 'finite state machine',
    parallelism: 'of waiting only (one core)',
    systemCalls: 'nonblocking',
    dataSpace: 'single',
    concurrency: 'any number waiting; one computing',
  },
  'thread-per-request': {
    model: 'multithreaded',
    parallelism: 'yes (unbounded)',
    systemCalls: 'blocking',
    dataSpace: 'shared',
    concurrency: 'one new thread per request (capped for safety)',
  },
  'process-per-request': {
    model: 'multiprocess',
    parallelism: 'yes (unbounded)',
    systemCalls: 'blocking',
    dataSpace: 'separate',
    concurrency: 'one new process per connection (capped for safety)',
  },
  prefork: {
    model: 'multiprocess',
    parallelism: 'yes (up to the pool size)',
    systemCalls: 'blocking',
    dataSpace: 'separate',
    concurrency: 'workers connections at a time; the rest wait unaccepted',
  },
  'event-pool': {
    model: 'finite state machine + multithreaded',
    parallelism: 'yes (waiting: unbounded; computing: pool size)',
    systemCalls: 'nonblocking in the loop, blocking in the pool',
    dataSpace: 'shared',
    concurrency: 'any number waiting; workers computing',
  },
};

/** Architectures that use the `workers` setting (pool size). */
export const pooledArchitectures: readonly ArchitectureName[] = ['thread-pool', 'prefork', 'event-pool'];
