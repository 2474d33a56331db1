import { schema, type ValueOf } from '../../scenario/schema.ts';

export const threadsProcessesScenarioSchema = schema.object({
  description:
    'Measures on this machine what the lecture claims about threads and processes: what creating each costs, what a message between them costs, and what one blocking call does to a single-threaded event loop versus a thread pool.',
  fields: {
    creation: schema.object({
      description:
        'Creates an in-process task, a worker thread and a child process again and again, one at a time, and times each from the creating call until its first message arrives.',
      fields: {
        repetitions: schema.integer({
          description: 'How many of each kind are created and measured (after one unmeasured warm-up creation of each).',
          minimum: 1,
          maximum: 500,
          default: 30,
        }),
      },
    }),
    operatingSystem: schema.object({
      description:
        'The same questions asked of the operating system alone, through native calls (koffi) in a helper process: create and reap a bare thread and a bare process, and pass a byte between two threads and between two processes. Where native calls cannot be made, the run says why and the checks use the runtime-level numbers.',
      fields: {
        repetitions: schema.integer({
          description:
            'How many bare threads (pthread_create + pthread_join), spawned processes (posix_spawn of /bin/true + waitpid) and forked processes (fork + _exit + waitpid) are created and measured, one of each kind per round.',
          minimum: 1,
          maximum: 5000,
          default: 300,
        }),
        pingPongRuns: schema.integer({
          description: 'How many times a byte is bounced between two threads, between two processes and through one thread alone (no switch), interleaved.',
          minimum: 1,
          maximum: 200,
          default: 15,
        }),
        pingPongRoundTrips: schema.integer({
          description: 'Round trips of the byte in each run; both sides run native code pinned to one CPU, so each pass is one context switch.',
          minimum: 10,
          maximum: 100_000,
          default: 2000,
        }),
      },
    }),
    roundTrip: schema.object({
      description:
        'Sends a message and waits for the echo, again and again: main thread ↔ worker thread (postMessage), parent ↔ child process (IPC channel), and main thread ↔ worker thread through shared memory.',
      fields: {
        roundTrips: schema.integer({
          description: 'How many round trips are measured on each channel (after a short unmeasured warm-up).',
          minimum: 1,
          maximum: 100_000,
          default: 2000,
        }),
        messageSize: schema.size({
          description: 'Size of each message, e.g. `64B` or `64KiB`. The echo carries the same bytes back.',
          minimumBytes: 1,
          maximumBytes: 1024 * 1024,
          default: '64B',
        }),
        sharedMemory: schema.boolean({
          description:
            'Also measure the round trip through a SharedArrayBuffer and Atomics.wait/notify: possible between threads (one address space), impossible between processes.',
          default: true,
        }),
      },
    }),
    blocking: schema.object({
      description:
        'A single-threaded server runs a periodic tick (its other clients) while requests arrive whose handler makes a blocking call; first the handler blocks the event loop itself, then it hands the call to a pool of worker threads.',
      fields: {
        duration: schema.duration({
          description: 'How long each design is watched, e.g. `2s`.',
          minimumMs: 200,
          maximumMs: 30_000,
          default: '2s',
        }),
        tickInterval: schema.duration({
          description: 'One tick is due this often; its lateness is how long after its due time it really ran.',
          minimumMs: 1,
          maximumMs: 1000,
          default: '5ms',
        }),
        blockingCall: schema.duration({
          description: 'How long each blocking call keeps its thread asleep, e.g. `100ms`.',
          minimumMs: 1,
          maximumMs: 2000,
          default: '100ms',
        }),
        requestEvery: schema.duration({
          description: 'A request with a blocking call arrives this often (the first one after this long).',
          minimumMs: 10,
          maximumMs: 10_000,
          default: '400ms',
        }),
        poolSize: schema.integer({
          description: 'Threads in the pool of the worker-pool design, started before the watch begins.',
          minimum: 1,
          maximum: 16,
          default: 2,
        }),
      },
    }),
  },
});

export type ThreadsProcessesScenario = ValueOf<typeof threadsProcessesScenarioSchema>;
