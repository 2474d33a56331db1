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

const identifier = (description: string) => schema.string({ description, pattern: '^[a-z0-9][a-z0-9-]*$' });

export const checkSchema = schema.object({
  description: 'A quantitative check evaluated on every run of the lab.',
  fields: {
    id: identifier('Stable identifier of the check.'),
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
    points: schema.number({ description: 'Points a run that passes the check earns when reports are graded.', minimum: 0, maximum: 1000, default: 1 }),
    partialWithin: schema.number({
      description:
        'Partial credit: a run that misses the target by less than this fraction of the target earns points in proportion to how close it came (0.25: a miss by 10% of the target earns 60% of the points). 0 means all or nothing.',
      minimum: 0,
      maximum: 10,
      default: 0,
    }),
  },
  required: ['id', 'title', 'expect'],
});

const rubricCriterionSchema = schema.object({
  description: 'One thing the instructor looks for in an answer, and what it is worth.',
  fields: {
    id: identifier('Identifier of the criterion within its question; the gradebook column is QUESTION.CRITERION.'),
    points: schema.number({ description: 'Most points the criterion can earn.', minimum: 0, maximum: 1000 }),
    text: localizedText('What earns the points'),
  },
  required: ['id', 'points', 'text'],
});

const variableSchema = schema.object({
  description: 'A scenario value that differs from student to student (a per-student variant).',
  fields: {
    id: identifier('Identifier of the variable.'),
    path: schema.string({ description: 'Dotted scenario path the value is set at, as `--set` takes it: workload.serviceTime, servers.1.workers.', pattern: '^[A-Za-z_][\\w-]*(\\.([A-Za-z_][\\w-]*|\\d+))*$' }),
    title: localizedText('What the variable is, as the student sees it'),
    values: schema.array({ description: 'The values a student can get, written as in the scenario: [15ms, 20ms, 25ms] or [2, 4, 8].', items: schema.scalar({ description: 'One value.' }) }),
    range: schema.object({
      description: 'Instead of values: every number from `from` to `to` in steps of `step`, followed by `unit` (e.g. ms, KiB, MiB).',
      fields: {
        from: schema.number({ description: 'The smallest value.', default: 0 }),
        to: schema.number({ description: 'The largest value.', default: 0 }),
        step: schema.number({ description: 'The distance between two values.', minimum: 0, default: 1 }),
        unit: schema.string({ description: 'Written after each number, as the scenario field expects it (empty for plain numbers).', default: '' }),
      },
    }),
  },
  required: ['id', 'path', 'title'],
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
        fields: {
          id: schema.string({ description: 'Identifier.' }),
          text: localizedText('The question'),
          rubric: schema.array({ description: 'What the instructor awards points for when grading the answer.', items: rubricCriterionSchema }),
        },
        required: ['id', 'text'],
      }),
    }),
    checks: schema.array({ description: 'Quantitative checks.', items: checkSchema }),
    variables: schema.array({ description: 'Per-student variants: scenario values derived from the student id and the course salt.', items: variableSchema }),
  },
  required: ['id', 'engine', 'title', 'summary'],
});

/** `instructor/hidden-checks.yaml`: checks only the instructor's copy of a lab holds. */
export const hiddenChecksSchema = schema.object({
  description: 'Checks evaluated only when the instructor grades reports; never packed, never shown to students.',
  fields: { checks: schema.array({ description: 'Hidden checks, written like the checks in lab.yaml.', items: checkSchema }) },
});

export type LabDefinition = ValueOf<typeof labDefinitionSchema>;
export type LabCheck = LabDefinition['checks'][number];
export type LabQuestionDefinition = LabDefinition['questions'][number];
export type RubricCriterion = LabQuestionDefinition['rubric'][number];
export type LabVariableDefinition = LabDefinition['variables'][number];
