import { schema, type ValueOf } from '../scenario/schema.ts';

const localizedText = (description: string) =>
  schema.object({
    description,
    fields: {
      en: schema.string({ description: `${description} (English)` }),
      'pt-BR': schema.string({ description: `${description} (Brazilian Portuguese)` }),
    },
    required: ['en', 'pt-BR'],
  });

const checkSchema = schema.object({
  description: 'A quantitative check evaluated on every run of the lab.',
  fields: {
    id: schema.string({ description: 'Stable identifier of the check.', pattern: '^[a-z0-9-]+$' }),
    title: localizedText('What the check verifies'),
    when: schema.object({
      description: 'Evaluate the check only when a scenario value has this value (and every `and` condition holds).',
      fields: {
        path: schema.string({ description: 'Dotted path into the scenario, e.g. workload.kind.', default: '' }),
        equals: schema.string({ description: 'The value that path must have.', default: '' }),
        and: schema.array({
          description: 'More conditions that must all hold.',
          items: schema.object({
            description: 'A scenario value the check needs.',
            fields: {
              path: schema.string({ description: 'Dotted path into the scenario.' }),
              equals: schema.string({ description: 'The value that path must have.' }),
            },
            required: ['path', 'equals'],
          }),
        }),
      },
    }),
    expect: schema.object({
      description: 'left op factor × right, both read from the run metrics.',
      fields: {
        left: schema.string({ description: 'Metrics path, e.g. servers[architecture=event-driven].throughputRps.' }),
        op: schema.enumeration({ description: 'Comparison.', choices: ['>=', '<=', '>', '<'] }),
        factor: schema.number({ description: 'Multiplies the right-hand side.', default: 1 }),
        right: schema.string({ description: 'Metrics path or a number.' }),
      },
      required: ['left', 'op', 'right'],
    }),
  },
  required: ['id', 'title', 'expect'],
});

export const labDefinitionSchema = schema.object({
  description: 'A lab folder’s lab.yaml.',
  fields: {
    id: schema.string({ description: 'The lab’s identifier; the folder has the same name.', pattern: '^[a-z0-9-]+$' }),
    engine: schema.string({ description: 'The engine that runs the lab’s scenarios.' }),
    title: localizedText('Title'),
    summary: localizedText('One-sentence summary'),
    questions: schema.array({
      description: 'Questions a report answers.',
      items: schema.object({
        description: 'A question.',
        fields: { id: schema.string({ description: 'Identifier.' }), text: localizedText('The question') },
        required: ['id', 'text'],
      }),
    }),
    checks: schema.array({ description: 'Quantitative checks.', items: checkSchema }),
  },
  required: ['id', 'engine', 'title', 'summary'],
});

export type LabDefinition = ValueOf<typeof labDefinitionSchema>;
export type LabCheck = LabDefinition['checks'][number];
