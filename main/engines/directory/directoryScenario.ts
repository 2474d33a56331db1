import { schema, type ValueOf } from '../../scenario/schema.ts';

export const directoryScenarioSchema = schema.object({
  description:
    'Runs a real port mapper (ONC RPC portmap v2) and server processes that register their ephemeral ports with it; clients look a server up, then connect. Some servers crash, one leaves cleanly.',
  fields: {
    servers: schema.integer({ description: 'Server processes, each registering program 400000 + n, version 1, tcp.', minimum: 1, maximum: 10, default: 4 }),
    state: schema.enumeration({
      description: 'How the directory keeps registrations.',
      choices: ['hard', 'soft'] as const,
      choiceDescriptions: { hard: 'Kept until the server removes it (UNSET), as the RFC says, even if the server has died.', soft: 'Lapses unless the server renews it in time.' },
      default: 'hard',
    }),
    softState: schema.duration({ description: 'Soft state only: how long a registration lives without renewal.', minimumMs: 100, maximumMs: 60_000, default: '1s' }),
    renewEvery: schema.duration({ description: 'Soft state only: how often a live server renews its registration.', minimumMs: 20, maximumMs: 30_000, default: '300ms' }),
    crash: schema.integer({ description: 'Servers killed (SIGKILL) without a chance to unregister.', minimum: 0, maximum: 10, default: 1 }),
    leave: schema.integer({ description: 'Servers stopped cleanly (they UNSET their registration before exiting).', minimum: 0, maximum: 10, default: 1 }),
    observe: schema.duration({ description: 'How long clients keep looking servers up; crashes happen after a third of it.', minimumMs: 500, maximumMs: 120_000, default: '4s' }),
    lookupEvery: schema.duration({ description: 'Time between two client lookups.', minimumMs: 5, maximumMs: 5_000, default: '50ms' }),
  },
});

export type DirectoryScenario = ValueOf<typeof directoryScenarioSchema>;
