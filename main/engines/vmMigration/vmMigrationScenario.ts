import { schema, type ValueOf } from '../../scenario/schema.ts';
import { accessPatterns, workloadKinds } from './guest/guestWorkload.ts';
import { strategyNames } from './hosts/hostMessages.ts';
import { bandwidthHint, bandwidthPattern } from './linkShapeText.ts';
import { failureKinds } from './migrationSpec.ts';

export const vmMigrationScenarioSchema = schema.object({
  description:
    'Live-migrates a running guest (a worker thread whose memory is shared pages) between two host threads joined by a TCP link on 127.0.0.1, once per strategy, and measures each migration.',
  required: ['strategies'],
  fields: {
    guest: schema.object({
      description: 'The virtual machine: its memory and the program it runs. Every strategy migrates the same guest, started afresh.',
      fields: {
        memory: schema.size({ description: 'Guest memory, e.g. `64MiB` (up to `1GiB`). Both hosts hold a copy.', minimumBytes: 1024 * 1024, maximumBytes: 1024 ** 3, default: '64MiB' }),
        pageSize: schema.size({ description: 'Page size: the unit of dirty tracking, transfer and faults.', minimumBytes: 1024, maximumBytes: 64 * 1024, default: '4KiB' }),
        workload: schema.enumeration({
          description: 'What runs inside the guest.',
          choices: workloadKinds,
          choiceDescriptions: {
            'kv-server': 'A key-value server answering real TCP clients through the front port; its table is in guest memory.',
            writer: 'Writes pages of its working set as fast as it can (or at dirtyRate): a write-heavy guest.',
            scanner: 'Reads all of memory in order, writing one word per thousand pages: a read-mostly guest.',
            idle: 'Does nothing; only its memory moves.',
          },
          default: 'kv-server',
        }),
        workingSet: schema.size({ description: 'Writer: how much memory (from the start) it writes to.', minimumBytes: 4096, maximumBytes: 1024 ** 3, default: '16MiB' }),
        dirtyRate: schema.integer({ description: 'Writer: pages written per second; 0 = as fast as it can.', minimum: 0, maximum: 100_000_000, default: 0 }),
        pattern: schema.enumeration({
          description: 'Writer: which page each write goes to.',
          choices: accessPatterns,
          choiceDescriptions: { sequential: 'One page after another, round the working set.', uniform: 'Any page of the working set, equally likely.', 'hot-cold': '90% of writes to the hottest 10% of the working set.' },
          default: 'uniform',
        }),
        fill: schema.number({ description: 'Share of memory filled with data at start (the rest are zero pages).', minimum: 0, maximum: 1, default: 1 }),
        keys: schema.integer({ description: 'Key-value server: keys stored at start.', minimum: 1, maximum: 1_000_000, default: 10_000 }),
      },
    }),
    link: schema.object({
      description: 'The network between the hosts: a real TCP stream on 127.0.0.1 through a shaping layer.',
      fields: {
        bandwidth: schema.string({ description: 'Link bandwidth, e.g. `1Gbit`, `100Mbit`, `500MB/s`, or `unlimited` (as fast as loopback goes).', pattern: bandwidthPattern, patternHint: bandwidthHint, default: '1Gbit' }),
        latency: schema.duration({ description: 'One-way delay added to every frame, e.g. `0.5ms`.', minimumMs: 0, maximumMs: 1000, default: '0ms' }),
      },
    }),
    strategies: schema.array({
      description: 'The migrations to run, one after another, each on a fresh copy of the same guest.',
      minItems: 1,
      maxItems: 8,
      items: schema.object({
        description: 'One migration: a label and its strategy.',
        required: ['name', 'strategy'],
        fields: {
          name: schema.string({ description: 'Label in plots and results (letters, digits, `-`, `_`, `.`).', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$' }),
          strategy: schema.enumeration({
            description: 'How memory moves relative to the switch of execution host.',
            choices: strategyNames,
            choiceDescriptions: {
              'stop-copy': 'Stop the VM, copy all memory and the CPU state, resume at the destination.',
              'pre-copy': 'Copy memory while the VM runs, then the pages dirtied meanwhile, round after round; stop and copy the rest.',
              'post-copy': 'Stop, copy the CPU state, resume at the destination at once; pages follow on demand and in the background.',
              hybrid: 'Pre-copy rounds first, then post-copy for the pages still dirty.',
            },
          }),
          maxRounds: schema.integer({ description: 'Pre-copy: most rounds before stopping anyway.', minimum: 1, maximum: 100, default: 30 }),
          downtimeLimit: schema.duration({ description: 'Pre-copy: stop once the pages left would take at most this long to send.', minimumMs: 0, maximumMs: 60_000, default: '5ms' }),
          autoConverge: schema.boolean({ description: 'Pre-copy: throttle the guest when rounds stop shrinking (20%, then +10% each time).', default: false }),
          skipZeroPages: schema.boolean({ description: 'Send all-zero pages as a page number only.', default: true }),
          hybridRounds: schema.integer({ description: 'Hybrid: pre-copy rounds before switching to post-copy.', minimum: 1, maximum: 100, default: 1 }),
          prePaging: schema.boolean({ description: 'Post-copy: after a fault, push the pages that follow it next.', default: true }),
          pushBandwidth: schema.string({ description: 'Post-copy: cap on the background push, e.g. `200Mbit`, or `unlimited` (the link\'s speed). Pages that answer faults are not capped.', pattern: bandwidthPattern, patternHint: bandwidthHint, default: 'unlimited' }),
        },
      }),
    }),
    clients: schema.object({
      description: 'Key-value clients (kv-server guest only): an open-loop load through the front port.',
      fields: {
        connections: schema.integer({ description: 'Client TCP connections.', minimum: 1, maximum: 64, default: 4 }),
        rate: schema.integer({ description: 'Requests per second over all connections.', minimum: 1, maximum: 50_000, default: 1000 }),
        writeFraction: schema.number({ description: 'Share of requests that are SETs.', minimum: 0, maximum: 1, default: 0.2 }),
      },
    }),
    timing: schema.object({
      description: 'How long the guest runs around each migration.',
      fields: {
        warmup: schema.duration({ description: 'Before the migration starts (the baseline).', minimumMs: 100, maximumMs: 60_000, default: '1s' }),
        after: schema.duration({ description: 'After the migration ends (to see recovery).', minimumMs: 100, maximumMs: 60_000, default: '1s' }),
        timeout: schema.duration({ description: 'Longest a migration may take; a pre-copy then aborts.', minimumMs: 1000, maximumMs: 600_000, default: '60s' }),
      },
    }),
    failure: schema.object({
      description: 'A failure to inject during every migration of the run.',
      fields: {
        kind: schema.enumeration({
          description: 'What goes wrong.',
          choices: failureKinds,
          choiceDescriptions: { none: 'Nothing.', 'cut-link': 'The link between the hosts is cut.', 'kill-destination': 'The destination host dies.', 'kill-source': 'The source host dies (fatal for post-copy).' },
          default: 'none',
        }),
        after: schema.duration({ description: 'How long after the migration starts.', minimumMs: 0, maximumMs: 600_000, default: '20ms' }),
      },
    }),
  },
});

export type VmMigrationScenario = ValueOf<typeof vmMigrationScenarioSchema>;
