import { schema, type ValueOf } from '../../scenario/schema.ts';

export const directoryScenarioSchema = schema.object({
  description: {
    en: 'Runs a real port mapper (ONC RPC portmap v2) and server processes that register their ephemeral ports with it; clients look a server up, then connect. Some servers crash, one leaves cleanly.',
    'pt-BR': 'Executa um mapeador de portas real (ONC RPC portmap v2) e processos servidores que registram nele suas portas efêmeras; os clientes consultam um servidor e depois se conectam. Alguns servidores caem, um sai de forma limpa.',
  },
  fields: {
    servers: schema.integer({
      description: {
        en: 'Server processes, each registering program 400000 + n, version 1, tcp.',
        'pt-BR': 'Processos servidores, cada um registrando o programa 400000 + n, versão 1, tcp.',
      },
      minimum: 1,
      maximum: 10,
      default: 4,
    }),
    state: schema.enumeration({
      description: { en: 'How the directory keeps registrations.', 'pt-BR': 'Como o diretório guarda os registros.' },
      choices: ['hard', 'soft'] as const,
      choiceDescriptions: {
        hard: {
          en: 'Kept until the server removes it (UNSET), as the RFC says, even if the server has died.',
          'pt-BR': 'Mantido até o servidor removê-lo (UNSET), como diz o RFC, mesmo que o servidor tenha morrido.',
        },
        soft: { en: 'Lapses unless the server renews it in time.', 'pt-BR': 'Expira, a menos que o servidor o renove a tempo.' },
      },
      default: 'hard',
    }),
    softState: schema.duration({
      description: {
        en: 'Soft state only: how long a registration lives without renewal.',
        'pt-BR': 'Só com soft state: quanto tempo um registro vive sem ser renovado.',
      },
      minimumMs: 100,
      maximumMs: 60_000,
      default: '1s',
    }),
    renewEvery: schema.duration({
      description: {
        en: 'Soft state only: how often a live server renews its registration.',
        'pt-BR': 'Só com soft state: de quanto em quanto tempo um servidor vivo renova seu registro.',
      },
      minimumMs: 20,
      maximumMs: 30_000,
      default: '300ms',
    }),
    crash: schema.integer({
      description: {
        en: 'Servers killed (SIGKILL) without a chance to unregister.',
        'pt-BR': 'Servidores mortos (SIGKILL) sem chance de cancelar o registro.',
      },
      minimum: 0,
      maximum: 10,
      default: 1,
    }),
    leave: schema.integer({
      description: {
        en: 'Servers stopped cleanly (they UNSET their registration before exiting).',
        'pt-BR': 'Servidores parados de forma limpa (fazem UNSET do registro antes de sair).',
      },
      minimum: 0,
      maximum: 10,
      default: 1,
    }),
    observe: schema.duration({
      description: {
        en: 'How long clients keep looking servers up; crashes happen after a third of it.',
        'pt-BR': 'Por quanto tempo os clientes continuam consultando os servidores; as quedas acontecem depois de um terço dele.',
      },
      minimumMs: 500,
      maximumMs: 120_000,
      default: '4s',
    }),
    lookupEvery: schema.duration({
      description: { en: 'Time between two client lookups.', 'pt-BR': 'Tempo entre duas consultas de um cliente.' },
      minimumMs: 5,
      maximumMs: 5_000,
      default: '50ms',
    }),
  },
});

export type DirectoryScenario = ValueOf<typeof directoryScenarioSchema>;
