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

const checkSchema = schema.object({
  description: { en: 'A quantitative check evaluated on every run of the lab.', 'pt-BR': 'Uma verificação quantitativa avaliada em cada execução do laboratório.' },
  fields: {
    id: schema.string({ description: { en: 'Stable identifier of the check.', 'pt-BR': 'Identificador estável da verificação.' }, pattern: '^[a-z0-9-]+$' }),
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
  },
  required: ['id', 'title', 'expect'],
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
        fields: { id: schema.string({ description: { en: 'Identifier.', 'pt-BR': 'Identificador.' } }), text: localizedText({ en: 'The question', 'pt-BR': 'A pergunta' }) },
        required: ['id', 'text'],
      }),
    }),
    checks: schema.array({ description: { en: 'Quantitative checks.', 'pt-BR': 'Verificações quantitativas.' }, items: checkSchema }),
  },
  required: ['id', 'engine', 'title', 'summary'],
});

export type LabDefinition = ValueOf<typeof labDefinitionSchema>;
export type LabCheck = LabDefinition['checks'][number];
