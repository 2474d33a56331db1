import type { LocalizedText } from '../../../preload/api.ts';
import { schema, type ValueOf } from '../../scenario/schema.ts';

const method = (description: LocalizedText) => schema.boolean({ description, default: true });

export const outOfBandScenarioSchema = schema.object({
  description: {
    en: 'A real client uploads a large file to a real server on 127.0.0.1 and cancels it part way, by each method in turn; proclab measures how long the server takes to stop and how many bytes it received in vain.',
    'pt-BR': 'Um cliente real envia um arquivo grande a um servidor real em 127.0.0.1 e o cancela no meio, por cada método em sequência; o proclab mede quanto o servidor demora para parar e quantos bytes recebeu à toa.',
  },
  fields: {
    upload: schema.object({
      description: { en: 'The upload being cancelled.', 'pt-BR': 'O envio que será cancelado.' },
      fields: {
        size: schema.size({
          description: { en: 'Size of the file the client uploads, e.g. `256MiB`.', 'pt-BR': 'Tamanho do arquivo que o cliente envia, por exemplo `256MiB`.' },
          minimumBytes: 1_048_576,
          maximumBytes: 4 * 1_073_741_824,
          default: '256MiB',
        }),
        receiveRate: schema.size({
          description: {
            en: 'Bytes per second the upload handler reads at most (a slow disk or consumer), e.g. `32MiB`.',
            'pt-BR': 'Bytes por segundo que o tratador de envios lê no máximo (um disco ou consumidor lento), por exemplo `32MiB`.',
          },
          minimumBytes: 65_536,
          maximumBytes: 1_073_741_824,
          default: '32MiB',
        }),
        chunkSize: schema.size({
          description: { en: 'Payload of one data frame.', 'pt-BR': 'Carga útil de um quadro de dados.' },
          minimumBytes: 512,
          maximumBytes: 4_194_304,
          default: '64KiB',
        }),
        clientQueue: schema.size({
          description: {
            en: "Bytes the client keeps queued in its own buffer ahead of the kernel's (its write high-water mark).",
            'pt-BR': 'Bytes que o cliente mantém na fila do próprio buffer, antes do buffer do kernel (sua marca de escrita máxima, highWaterMark).',
          },
          minimumBytes: 16_384,
          maximumBytes: 268_435_456,
          default: '1MiB',
        }),
      },
    }),
    cancelAfter: schema.duration({
      description: {
        en: 'When the client cancels, counted from the start of the upload.',
        'pt-BR': 'Quando o cliente cancela, contado a partir do início do envio.',
      },
      minimumMs: 50,
      maximumMs: 60_000,
      default: '1s',
    }),
    methods: schema.object({
      description: {
        en: 'Which cancel methods to run (each one a fresh upload).',
        'pt-BR': 'Quais métodos de cancelamento executar (cada um com um envio novo).',
      },
      fields: {
        urgentPort: method({
          en: '(a) CANCEL sent to a separate urgent port, read by its own higher-priority thread.',
          'pt-BR': '(a) CANCEL enviado a uma porta urgente separada, lida por uma thread própria de prioridade mais alta.',
        }),
        inBandFrame: method({
          en: '(b) A CANCEL frame on the upload connection itself, behind the bytes already sent.',
          'pt-BR': '(b) Um quadro CANCEL na própria conexão do envio, atrás dos bytes já enviados.',
        }),
        clientClose: method({
          en: '(c) No cancel message: the client closes the connection (FIN after the data already sent).',
          'pt-BR': '(c) Sem mensagem de cancelamento: o cliente fecha a conexão (FIN depois dos dados já enviados).',
        }),
        clientReset: method({
          en: '(c) No cancel message: the client aborts the connection (RST).',
          'pt-BR': '(c) Sem mensagem de cancelamento: o cliente aborta a conexão (RST).',
        }),
      },
    }),
    repetitions: schema.integer({
      description: { en: 'Uploads per method; the results report medians.', 'pt-BR': 'Envios por método; os resultados trazem as medianas.' },
      minimum: 1,
      maximum: 20,
      default: 3,
    }),
    priorities: schema.object({
      description: {
        en: 'Nice values of the two server threads (Linux: higher = lower priority; going below 0 needs CAP_SYS_NICE).',
        'pt-BR': 'Valores nice das duas threads do servidor (Linux: maior = prioridade menor; abaixo de 0 exige CAP_SYS_NICE).',
      },
      fields: {
        uploadHandler: schema.integer({
          description: {
            en: 'Nice value of the upload handler thread (the normal, low-priority endpoint).',
            'pt-BR': 'Valor nice da thread do tratador de envios (o ponto de acesso normal, de prioridade baixa).',
          },
          minimum: -20,
          maximum: 19,
          default: 10,
        }),
        urgentHandler: schema.integer({
          description: {
            en: 'Nice value of the urgent handler thread (the high-priority endpoint).',
            'pt-BR': 'Valor nice da thread do tratador urgente (o ponto de acesso de prioridade alta).',
          },
          minimum: -20,
          maximum: 19,
          default: 0,
        }),
      },
    }),
    urgentData: schema.boolean({
      description: {
        en: 'Also send one byte of TCP urgent data (MSG_OOB) to a Node server with python3, and record what the server saw.',
        'pt-BR': 'Também envia, com python3, um byte de dados urgentes do TCP (MSG_OOB) a um servidor Node, e registra o que o servidor viu.',
      },
      default: true,
    }),
    stopTimeout: schema.duration({
      description: {
        en: 'A server that has not stopped this long after the cancel counts as never stopped.',
        'pt-BR': 'Um servidor que não parou até este tempo depois do cancelamento conta como nunca tendo parado.',
      },
      minimumMs: 500,
      maximumMs: 120_000,
      default: '30s',
    }),
  },
});

export type OutOfBandScenario = ValueOf<typeof outOfBandScenarioSchema>;
