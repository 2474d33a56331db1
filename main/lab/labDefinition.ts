import type { LocalizedText } from '../../preload/api.ts';
import { schema, type ValueOf } from '../scenario/schema.ts';

const localizedText = (description: LocalizedText) =>
  schema.object({
    description,
    fields: {
      en: schema.string({ description: { en: `${description.en} (English)`, 'pt-BR': `${description['pt-BR']} (em inglês)` } }),
      'pt-BR': schema.string({ description: { en: `${description.en} (Brazilian Portuguese)`, 'pt-BR': `${description['pt-BR']} (em português do Brasil)` } }),
    },
    required: ['en', 'pt-BR'],
  });

const identifier = (description: LocalizedText) => schema.string({ description, pattern: '^[a-z0-9][a-z0-9-]*$' });

export const checkSchema = schema.object({
  description: { en: 'A quantitative check evaluated on every run of the lab.', 'pt-BR': 'Uma verificação quantitativa avaliada em cada execução do laboratório.' },
  fields: {
    id: identifier({ en: 'Stable identifier of the check.', 'pt-BR': 'Identificador estável da verificação.' }),
    title: localizedText({ en: 'What the check verifies', 'pt-BR': 'O que a verificação confere' }),
    when: schema.object({
      description: {
        en: 'Evaluate the check only when a scenario value has this value (and every `and` condition holds).',
        'pt-BR': 'Avalia a verificação só quando um valor do cenário tem este valor (e todas as condições de `and` valem).',
      },
      fields: {
        path: schema.string({
          description: { en: 'Dotted path into the scenario, e.g. workload.kind.', 'pt-BR': 'Caminho com pontos dentro do cenário, por exemplo workload.kind.' },
          default: '',
        }),
        equals: schema.string({ description: { en: 'The value that path must have.', 'pt-BR': 'O valor que esse caminho deve ter.' }, default: '' }),
        and: schema.array({
          description: { en: 'More conditions that must all hold.', 'pt-BR': 'Mais condições, que precisam valer todas.' },
          items: schema.object({
            description: { en: 'A scenario value the check needs.', 'pt-BR': 'Um valor do cenário de que a verificação precisa.' },
            fields: {
              path: schema.string({ description: { en: 'Dotted path into the scenario.', 'pt-BR': 'Caminho com pontos dentro do cenário.' } }),
              equals: schema.string({ description: { en: 'The value that path must have.', 'pt-BR': 'O valor que esse caminho deve ter.' } }),
            },
            required: ['path', 'equals'],
          }),
        }),
      },
    }),
    expect: schema.object({
      description: {
        en: 'left op factor × right, both read from the run metrics.',
        'pt-BR': 'left op factor × right, ambos lidos das métricas da execução.',
      },
      fields: {
        left: schema.string({
          description: {
            en: 'Metrics path, e.g. servers[architecture=event-driven].throughputRps.',
            'pt-BR': 'Caminho nas métricas, por exemplo servers[architecture=event-driven].throughputRps.',
          },
        }),
        op: schema.enumeration({ description: { en: 'Comparison.', 'pt-BR': 'Comparação.' }, choices: ['>=', '<=', '>', '<'] }),
        factor: schema.number({ description: { en: 'Multiplies the right-hand side.', 'pt-BR': 'Multiplica o lado direito.' }, default: 1 }),
        right: schema.string({ description: { en: 'Metrics path or a number.', 'pt-BR': 'Caminho nas métricas ou um número.' } }),
      },
      required: ['left', 'op', 'right'],
    }),
    points: schema.number({
      description: {
        en: 'Points a run that passes the check earns when reports are graded.',
        'pt-BR': 'Pontos que uma execução aprovada na verificação ganha quando os relatórios são corrigidos.',
      },
      minimum: 0,
      maximum: 1000,
      default: 1,
    }),
    partialWithin: schema.number({
      description: {
        en: 'Partial credit: a run that misses the target by less than this fraction of the target earns points in proportion to how close it came (0.25: a miss by 10% of the target earns 60% of the points). 0 means all or nothing.',
        'pt-BR':
          'Crédito parcial: uma execução que erra o alvo por menos do que esta fração do alvo ganha pontos na proporção do quanto chegou perto (0.25: errar por 10% do alvo ganha 60% dos pontos). 0 quer dizer tudo ou nada.',
      },
      minimum: 0,
      maximum: 10,
      default: 0,
    }),
  },
  required: ['id', 'title', 'expect'],
});

const rubricCriterionSchema = schema.object({
  description: { en: 'One thing the instructor looks for in an answer, and what it is worth.', 'pt-BR': 'Uma coisa que o professor procura numa resposta, e quanto ela vale.' },
  fields: {
    id: identifier({
      en: 'Identifier of the criterion within its question; the gradebook column is QUESTION.CRITERION.',
      'pt-BR': 'Identificador do critério dentro da sua pergunta; a coluna da planilha de notas é PERGUNTA.CRITÉRIO.',
    }),
    points: schema.number({ description: { en: 'Most points the criterion can earn.', 'pt-BR': 'O máximo de pontos que o critério pode dar.' }, minimum: 0, maximum: 1000 }),
    text: localizedText({ en: 'What earns the points', 'pt-BR': 'O que ganha os pontos' }),
  },
  required: ['id', 'points', 'text'],
});

const variableSchema = schema.object({
  description: {
    en: 'A scenario value that differs from student to student (a per-student variant).',
    'pt-BR': 'Um valor do cenário que muda de aluno para aluno (uma variante por aluno).',
  },
  fields: {
    id: identifier({ en: 'Identifier of the variable.', 'pt-BR': 'Identificador da variável.' }),
    path: schema.string({
      description: {
        en: 'Dotted scenario path the value is set at, as `--set` takes it: workload.serviceTime, servers.1.workers.',
        'pt-BR': 'Caminho com pontos no cenário onde o valor é posto, como `--set` o recebe: workload.serviceTime, servers.1.workers.',
      },
      pattern: '^[A-Za-z_][\\w-]*(\\.([A-Za-z_][\\w-]*|\\d+))*$',
    }),
    title: localizedText({ en: 'What the variable is, as the student sees it', 'pt-BR': 'O que a variável é, como o aluno a vê' }),
    values: schema.array({
      description: {
        en: 'The values a student can get, written as in the scenario: [15ms, 20ms, 25ms] or [2, 4, 8].',
        'pt-BR': 'Os valores que um aluno pode receber, escritos como no cenário: [15ms, 20ms, 25ms] ou [2, 4, 8].',
      },
      items: schema.scalar({ description: { en: 'One value.', 'pt-BR': 'Um valor.' } }),
    }),
    range: schema.object({
      description: {
        en: 'Instead of values: every number from `from` to `to` in steps of `step`, followed by `unit` (e.g. ms, KiB, MiB).',
        'pt-BR': 'Em vez de values: cada número de `from` até `to` em passos de `step`, seguido de `unit` (por exemplo ms, KiB, MiB).',
      },
      fields: {
        from: schema.number({ description: { en: 'The smallest value.', 'pt-BR': 'O menor valor.' }, default: 0 }),
        to: schema.number({ description: { en: 'The largest value.', 'pt-BR': 'O maior valor.' }, default: 0 }),
        step: schema.number({ description: { en: 'The distance between two values.', 'pt-BR': 'A distância entre dois valores.' }, minimum: 0, default: 1 }),
        unit: schema.string({
          description: {
            en: 'Written after each number, as the scenario field expects it (empty for plain numbers).',
            'pt-BR': 'Escrito depois de cada número, como o campo do cenário o espera (vazio para números simples).',
          },
          default: '',
        }),
      },
    }),
  },
  required: ['id', 'path', 'title'],
});

export const labDefinitionSchema = schema.object({
  description: { en: 'A lab folder’s lab.yaml.', 'pt-BR': 'O lab.yaml da pasta de um laboratório.' },
  fields: {
    id: schema.string({
      description: { en: 'The lab’s identifier; the folder has the same name.', 'pt-BR': 'O identificador do laboratório; a pasta tem o mesmo nome.' },
      pattern: '^[a-z0-9-]+$',
    }),
    engine: schema.string({ description: { en: 'The engine that runs the lab’s scenarios.', 'pt-BR': 'O motor que executa os cenários do laboratório.' } }),
    title: localizedText({ en: 'Title', 'pt-BR': 'Título' }),
    summary: localizedText({ en: 'One-sentence summary', 'pt-BR': 'Resumo numa frase' }),
    questions: schema.array({
      description: { en: 'Questions a report answers.', 'pt-BR': 'Perguntas que um relatório responde.' },
      items: schema.object({
        description: { en: 'A question.', 'pt-BR': 'Uma pergunta.' },
        fields: {
          id: schema.string({ description: { en: 'Identifier.', 'pt-BR': 'Identificador.' } }),
          text: localizedText({ en: 'The question', 'pt-BR': 'A pergunta' }),
          rubric: schema.array({
            description: { en: 'What the instructor awards points for when grading the answer.', 'pt-BR': 'O que o professor premia com pontos ao corrigir a resposta.' },
            items: rubricCriterionSchema,
          }),
        },
        required: ['id', 'text'],
      }),
    }),
    checks: schema.array({ description: { en: 'Quantitative checks.', 'pt-BR': 'Verificações quantitativas.' }, items: checkSchema }),
    variables: schema.array({
      description: {
        en: 'Per-student variants: scenario values derived from the student id and the course salt.',
        'pt-BR': 'Variantes por aluno: valores do cenário derivados da identificação do aluno e do sal da turma.',
      },
      items: variableSchema,
    }),
  },
  required: ['id', 'engine', 'title', 'summary'],
});

/** `instructor/hidden-checks.yaml`: checks only the instructor's copy of a lab holds. */
export const hiddenChecksSchema = schema.object({
  description: {
    en: 'Checks evaluated only when the instructor grades reports; never packed, never shown to students.',
    'pt-BR': 'Verificações avaliadas só quando o professor corrige os relatórios; nunca empacotadas, nunca mostradas aos alunos.',
  },
  fields: {
    checks: schema.array({ description: { en: 'Hidden checks, written like the checks in lab.yaml.', 'pt-BR': 'Verificações ocultas, escritas como as verificações do lab.yaml.' }, items: checkSchema }),
  },
});

export type LabDefinition = ValueOf<typeof labDefinitionSchema>;
export type LabCheck = LabDefinition['checks'][number];
export type LabQuestionDefinition = LabDefinition['questions'][number];
export type RubricCriterion = LabQuestionDefinition['rubric'][number];
export type LabVariableDefinition = LabDefinition['variables'][number];
