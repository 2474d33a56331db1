import { schema, type ValueOf } from '../../scenario/schema.ts';
import { architectureDescriptions, architectureNames } from './architectureCatalog.ts';

export const architecturesScenarioSchema = schema.object({
  description:
    'Runs real HTTP/1.1 servers of different architectures on 127.0.0.1, one after another, and measures each under the same closed-loop load.',
  required: ['servers'],
  fields: {
    servers: schema.array({
      description:
        'The servers to measure, in order. Each runs alone (started, loaded, stopped) so they do not disturb each other’s measurement.',
      minItems: 1,
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
              'Number of worker threads in the pool (thread-pool only; other architectures ignore it). With io work, at most this many requests are served at once.',
            minimum: 1,
            maximum: 64,
            default: 4,
          }),
        },
      }),
    }),
    workload: schema.object({
      description: 'What each request costs the server. The same for every server, so they can be compared.',
      fields: {
        kind: schema.enumeration({
          description: 'The kind of work a request needs.',
          choices: ['io', 'cpu'] as const,
          choiceDescriptions: {
            io: 'Waiting, as for a disk or a database: blocks the thread in iterative and thread-pool servers, costs only a timer in the event-driven one.',
            cpu: 'Real computation on the serving thread for the whole service time: no architecture can hide it, only spread it over cores.',
          },
          default: 'io',
        }),
        serviceTime: schema.duration({
          description: 'How long the work of one request takes, e.g. `20ms`. 0 measures the bare HTTP handling.',
          minimumMs: 0,
          maximumMs: 10_000,
          default: '20ms',
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
      description: 'The closed-loop load each server gets: a fixed number of clients, each sending its next request as soon as it has the previous answer.',
      fields: {
        connections: schema.integer({
          description: 'Number of concurrent client connections (closed loop: also the most requests outstanding at once).',
          minimum: 1,
          maximum: 1000,
          default: 16,
        }),
        duration: schema.duration({
          description: 'How long each server is measured, after its warm-up, e.g. `5s`.',
          minimumMs: 100,
          maximumMs: 600_000,
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
      },
    }),
  },
});

export type ArchitecturesScenario = ValueOf<typeof architecturesScenarioSchema>;

export type ServerScenario = ArchitecturesScenario['servers'][number];
