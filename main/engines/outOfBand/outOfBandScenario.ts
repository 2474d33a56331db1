import { schema, type ValueOf } from '../../scenario/schema.ts';

const method = (description: string) => schema.boolean({ description, default: true });

export const outOfBandScenarioSchema = schema.object({
  description:
    'A real client uploads a large file to a real server on 127.0.0.1 and cancels it part way, by each method in turn; proclab measures how long the server takes to stop and how many bytes it received in vain.',
  fields: {
    upload: schema.object({
      description: 'The upload being cancelled.',
      fields: {
        size: schema.size({ description: 'Size of the file the client uploads, e.g. `256MiB`.', minimumBytes: 1_048_576, maximumBytes: 4 * 1_073_741_824, default: '256MiB' }),
        receiveRate: schema.size({ description: 'Bytes per second the upload handler reads at most (a slow disk or consumer), e.g. `32MiB`.', minimumBytes: 65_536, maximumBytes: 1_073_741_824, default: '32MiB' }),
        chunkSize: schema.size({ description: 'Payload of one data frame.', minimumBytes: 512, maximumBytes: 4_194_304, default: '64KiB' }),
        clientQueue: schema.size({ description: "Bytes the client keeps queued in its own buffer ahead of the kernel's (its write high-water mark).", minimumBytes: 16_384, maximumBytes: 268_435_456, default: '1MiB' }),
      },
    }),
    cancelAfter: schema.duration({ description: 'When the client cancels, counted from the start of the upload.', minimumMs: 50, maximumMs: 60_000, default: '1s' }),
    methods: schema.object({
      description: 'Which cancel methods to run (each one a fresh upload).',
      fields: {
        urgentPort: method('(a) CANCEL sent to a separate urgent port, read by its own higher-priority thread.'),
        inBandFrame: method('(b) A CANCEL frame on the upload connection itself, behind the bytes already sent.'),
        clientClose: method('(c) No cancel message: the client closes the connection (FIN after the data already sent).'),
        clientReset: method('(c) No cancel message: the client aborts the connection (RST).'),
      },
    }),
    repetitions: schema.integer({ description: 'Uploads per method; the results report medians.', minimum: 1, maximum: 20, default: 3 }),
    priorities: schema.object({
      description: 'Nice values of the two server threads (Linux: higher = lower priority; going below 0 needs CAP_SYS_NICE).',
      fields: {
        uploadHandler: schema.integer({ description: 'Nice value of the upload handler thread (the normal, low-priority endpoint).', minimum: -20, maximum: 19, default: 10 }),
        urgentHandler: schema.integer({ description: 'Nice value of the urgent handler thread (the high-priority endpoint).', minimum: -20, maximum: 19, default: 0 }),
      },
    }),
    urgentData: schema.boolean({ description: 'Also send one byte of TCP urgent data (MSG_OOB) to a Node server with python3, and record what the server saw.', default: true }),
    stopTimeout: schema.duration({ description: 'A server that has not stopped this long after the cancel counts as never stopped.', minimumMs: 500, maximumMs: 120_000, default: '30s' }),
  },
});

export type OutOfBandScenario = ValueOf<typeof outOfBandScenarioSchema>;
