import { schema, type ValueOf } from '../../scenario/schema.ts';
import { architectureDescriptions, architectureNames } from './architectureCatalog.ts';

export const architecturesScenarioSchema = schema.object({
  description:
    'Runs real HTTP/1.1 servers of different architectures on 127.0.0.1, one after another, and measures each under the same load (closed or open loop), optionally sweeping one parameter.',
  fields: {
    servers: schema.array({
      description:
        'The servers to measure, in order. Each runs alone (started, loaded, stopped) so they do not disturb each other’s measurement. Leave it out to load a server already running (load.target).',
      minItems: 0,
      maxItems: 12,
      items: schema.object({
        description: 'One server: a label and the architecture it is built with.',
        required: ['name', 'architecture'],
        fields: {
          name: schema.string({
            description: 'A label for this server in plots and results, e.g. `pool-8`. Letters, digits, `-`, `_` and `.`.',
            pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$',
          }),
          architecture: schema.enumeration({
            description: 'How the server is organised: who accepts connections, and which thread waits or computes for a request.',
            choices: architectureNames,
            choiceDescriptions: architectureDescriptions,
          }),
          workers: schema.integer({
            description:
              'Pool size: worker threads (thread-pool, event-pool) or child processes (prefork); other architectures ignore it. With blocking work, at most this many requests are served at once.',
            minimum: 1,
            maximum: 64,
            default: 4,
          }),
          port: schema.integer({
            description: 'Port on 127.0.0.1 the server listens on; 0 picks a free one. A fixed port is for a server you reach yourself, with curl, a browser, wrk or `proclab load`.',
            minimum: 0,
            maximum: 65_535,
            default: 0,
          }),
          requestsPerConnection: schema.integer({
            description:
              'Requests the server answers on one connection before closing it; 0 keeps the architecture’s default (1 for iterative and prefork, so waiting clients get their turn; no limit otherwise).',
            minimum: 0,
            maximum: 100_000,
            default: 0,
          }),
        },
      }),
    }),
    workload: schema.object({
      description: 'What each request costs the server. The same for every server, so they can be compared.',
      fields: {
        kind: schema.enumeration({
          description: 'The kind of work a request needs.',
          choices: ['io', 'blocking-io', 'cpu', 'file'] as const,
          choiceDescriptions: {
            io: 'Waiting, as for a disk or a database, done the architecture’s way: threads and processes block, event loops wait with a timer (non-blocking).',
            'blocking-io': 'The same wait made with a blocking call everywhere, event loops included: it freezes an event loop and every client on it.',
            cpu: 'Real computation on the serving thread for the whole service time: no architecture can hide it, only spread it over cores.',
            file: 'Reads a real file of responseSize bytes from disk (16 files in a temporary folder; /files/N picks one) and sends it; serviceTime is not used.',
          },
          default: 'io',
        }),
        serviceTime: schema.duration({
          description: 'How long the work of one request takes, e.g. `20ms`. 0 measures the bare HTTP handling.',
          minimumMs: 0,
          maximumMs: 10_000,
          default: '20ms',
        }),
        distribution: schema.enumeration({
          description: 'How service times vary from request to request; the mean is always serviceTime.',
          choices: ['constant', 'exponential', 'bimodal'] as const,
          choiceDescriptions: {
            constant: 'Every request takes exactly serviceTime.',
            exponential: 'Memoryless, as the queueing models (M/M/c) assume: many short requests, a few long ones.',
            bimodal: '90% fast requests, 10% ten times slower (same mean): a few slow requests hold up the fast ones behind them.',
          },
          default: 'constant',
        }),
        stall: schema.object({
          description:
            'Freeze the server’s main thread every so often, as a garbage-collection pause does; shows what a closed-loop load generator hides (coordinated omission).',
          fields: {
            every: schema.duration({ description: 'Time between stalls; 0 for none.', minimumMs: 0, maximumMs: 60_000, default: '0s' }),
            duration: schema.duration({ description: 'How long each stall lasts, e.g. `200ms`.', minimumMs: 0, maximumMs: 10_000, default: '200ms' }),
          },
        }),
        responseSize: schema.size({
          description: 'Size of each response body, e.g. `256B` or `64KiB`.',
          minimumBytes: 0,
          maximumBytes: 1024 * 1024,
          default: '256B',
        }),
      },
    }),
    load: schema.object({
      description: 'The load each server gets: closed loop (clients wait for each answer) or open loop (requests arrive at a rate, answered or not).',
      fields: {
        mode: schema.enumeration({
          description: 'How requests are generated.',
          choices: ['closed', 'open', 'none'] as const,
          choiceDescriptions: {
            none: 'No load from proclab: each server listens for `duration` and answers whoever connects (curl, a browser, wrk, `proclab load`).',
            closed: 'A fixed number of clients, each sending its next request when it has the previous answer (after thinkTime). Latency from the actual send.',
            open: 'Requests due at `rate` per second whether or not the server keeps up; latency runs from the intended send time (no coordinated omission), shown beside the uncorrected figure.',
          },
          default: 'closed',
        }),
        connections: schema.integer({
          description: 'Concurrent client connections. Closed loop: the number of clients (and the most requests outstanding). Open loop: the connections requests are sent on; a due request waits for a free one.',
          minimum: 1,
          maximum: 1000,
          default: 16,
        }),
        rate: schema.number({
          description: 'Open loop: requests per second offered to the server.',
          minimum: 1,
          maximum: 100_000,
          default: 200,
        }),
        arrival: schema.enumeration({
          description: 'Open loop: how requests are spaced in time.',
          choices: ['poisson', 'constant'] as const,
          choiceDescriptions: {
            poisson: 'Random, memoryless arrivals (independent clients), as the queueing models assume.',
            constant: 'Evenly spaced, one every 1/rate seconds.',
          },
          default: 'poisson',
        }),
        thinkTime: schema.duration({
          description: 'Closed loop: how long a client waits after an answer before its next request.',
          minimumMs: 0,
          maximumMs: 60_000,
          default: '0ms',
        }),
        duration: schema.duration({
          description: 'How long each server is measured, after its warm-up, e.g. `5s`; 0: until you stop the run (one server, no sweep).',
          minimumMs: 100,
          maximumMs: 600_000,
          zeroMeans: 'until stopped',
          default: '5s',
        }),
        warmup: schema.duration({
          description: 'Load applied before measuring starts, left out of the results (connections open, caches and JIT warm up).',
          minimumMs: 0,
          maximumMs: 60_000,
          default: '500ms',
        }),
        timeout: schema.duration({
          description: 'A request unanswered for this long counts as an error, and its client reconnects.',
          minimumMs: 10,
          maximumMs: 60_000,
          default: '5s',
        }),
        target: schema.string({
          description:
            'The address of a server already running on this machine to load instead of starting `servers`, e.g. `http://127.0.0.1:8080/`; empty: load the servers this scenario starts.',
          default: '',
        }),
      },
    }),
    sweep: schema.object({
      description:
        'Measure every server once per value of one parameter, to plot throughput against concurrency or latency against offered load, with a queueing model’s prediction beside the points.',
      fields: {
        parameter: schema.enumeration({
          description: 'The parameter to sweep.',
          choices: ['none', 'connections', 'rate', 'workers', 'serviceTime'] as const,
          choiceDescriptions: {
            none: 'No sweep: each server is measured once.',
            connections: 'load.connections (closed loop: throughput against concurrency).',
            rate: 'load.rate, in requests per second (switches the load to open loop: latency against offered load).',
            workers: 'servers[].workers, the pool size.',
            serviceTime: 'workload.serviceTime, in milliseconds.',
          },
          default: 'none',
        }),
        values: schema.array({
          description: 'The values to measure, e.g. `[1, 2, 4, 8, 16]` (milliseconds for serviceTime).',
          minItems: 0,
          maxItems: 12,
          items: schema.number({ description: 'One value of the swept parameter.', minimum: 0, maximum: 100_000 }),
        }),
      },
    }),
  },
});

export type ArchitecturesScenario = ValueOf<typeof architecturesScenarioSchema>;

export type ServerScenario = ArchitecturesScenario['servers'][number];
