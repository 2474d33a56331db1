import { schema, type ValueOf } from '../../scenario/schema.ts';

export const superserverScenarioSchema = schema.object({
  description:
    'Runs a real inetd-style superserver on 127.0.0.1 that starts a handler process per connection, and compares it with an always-running server; then loads it with a burst of clients under xinetd-style limits.',
  fields: {
    comparison: schema.object({
      description: 'First-byte latency: the same echo request to a handler started on demand by the superserver and to an always-running server.',
      fields: {
        requests: schema.integer({ description: 'Requests to each server (sent alternately, one at a time).', minimum: 1, maximum: 500, default: 30 }),
        interval: schema.duration({ description: 'Pause between two requests, e.g. `50ms`.', minimumMs: 0, maximumMs: 5_000, default: '50ms' }),
      },
    }),
    burst: schema.object({
      description: 'A burst of clients that each keep their connection (and so their handler) for a while, to watch instances and refusals.',
      fields: {
        clients: schema.integer({ description: 'Clients in the burst (0 skips it).', minimum: 0, maximum: 200, default: 24 }),
        spacing: schema.duration({ description: 'Time between two clients of the burst arriving.', minimumMs: 1, maximumMs: 5_000, default: '40ms' }),
        hold: schema.duration({ description: 'How long each client keeps its connection after the answer.', minimumMs: 0, maximumMs: 30_000, default: '600ms' }),
      },
    }),
    limits: schema.object({
      description: 'xinetd-style limits of the on-demand service (0 = no limit).',
      fields: {
        instances: schema.integer({ description: 'Most handlers running at once (xinetd `instances`).', minimum: 0, maximum: 1000, default: 6 }),
        perSource: schema.integer({ description: 'Most handlers at once for one client address (xinetd `per_source`). All clients here come from 127.0.0.1.', minimum: 0, maximum: 1000, default: 0 }),
        connectionsPerSecond: schema.integer({ description: 'Connection rate above which the service is deactivated (xinetd `cps`).', minimum: 0, maximum: 10_000, default: 0 }),
        deactivation: schema.duration({ description: 'How long the service stays deactivated after passing the rate (second number of xinetd `cps`).', minimumMs: 100, maximumMs: 60_000, default: '1s' }),
      },
    }),
    timeout: schema.duration({ description: 'A request without an answer after this long counts as timed out.', minimumMs: 100, maximumMs: 30_000, default: '3s' }),
  },
});

export type SuperserverScenario = ValueOf<typeof superserverScenarioSchema>;
