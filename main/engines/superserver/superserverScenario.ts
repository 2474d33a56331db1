import { schema, type ValueOf } from '../../scenario/schema.ts';

export const superserverScenarioSchema = schema.object({
  description: {
    en: 'Runs a real inetd-style superserver on 127.0.0.1 that starts a handler process per connection, and compares it with an always-running server; then loads it with a burst of clients under xinetd-style limits.',
    'pt-BR': 'Executa em 127.0.0.1 um superservidor real no estilo do inetd, que inicia um processo tratador por conexão, e o compara com um servidor sempre em execução; depois o carrega com uma rajada de clientes sob limites no estilo do xinetd.',
  },
  fields: {
    comparison: schema.object({
      description: {
        en: 'First-byte latency: the same echo request to a handler started on demand by the superserver and to an always-running server.',
        'pt-BR': 'Latência até o primeiro byte: o mesmo pedido de eco a um tratador iniciado sob demanda pelo superservidor e a um servidor sempre em execução.',
      },
      fields: {
        requests: schema.integer({
          description: {
            en: 'Requests to each server (sent alternately, one at a time).',
            'pt-BR': 'Requisições a cada servidor (enviadas alternadamente, uma por vez).',
          },
          minimum: 1,
          maximum: 500,
          default: 30,
        }),
        interval: schema.duration({
          description: { en: 'Pause between two requests, e.g. `50ms`.', 'pt-BR': 'Pausa entre duas requisições, por exemplo `50ms`.' },
          minimumMs: 0,
          maximumMs: 5_000,
          default: '50ms',
        }),
      },
    }),
    burst: schema.object({
      description: {
        en: 'A burst of clients that each keep their connection (and so their handler) for a while, to watch instances and refusals.',
        'pt-BR': 'Uma rajada de clientes, cada um mantendo a conexão (e portanto o seu tratador) por um tempo, para observar as instâncias e as recusas.',
      },
      fields: {
        clients: schema.integer({
          description: { en: 'Clients in the burst (0 skips it).', 'pt-BR': 'Clientes na rajada (0 a pula).' },
          minimum: 0,
          maximum: 200,
          default: 24,
        }),
        spacing: schema.duration({
          description: { en: 'Time between two clients of the burst arriving.', 'pt-BR': 'Tempo entre as chegadas de dois clientes da rajada.' },
          minimumMs: 1,
          maximumMs: 5_000,
          default: '40ms',
        }),
        hold: schema.duration({
          description: {
            en: 'How long each client keeps its connection after the answer.',
            'pt-BR': 'Por quanto tempo cada cliente mantém a conexão depois da resposta.',
          },
          minimumMs: 0,
          maximumMs: 30_000,
          default: '600ms',
        }),
      },
    }),
    limits: schema.object({
      description: {
        en: 'xinetd-style limits of the on-demand service (0 = no limit).',
        'pt-BR': 'Limites no estilo do xinetd para o serviço sob demanda (0 = sem limite).',
      },
      fields: {
        instances: schema.integer({
          description: { en: 'Most handlers running at once (xinetd `instances`).', 'pt-BR': 'Máximo de tratadores rodando ao mesmo tempo (`instances` do xinetd).' },
          minimum: 0,
          maximum: 1000,
          default: 6,
        }),
        perSource: schema.integer({
          description: {
            en: 'Most handlers at once for one client address (xinetd `per_source`). All clients here come from 127.0.0.1.',
            'pt-BR': 'Máximo de tratadores ao mesmo tempo para um mesmo endereço de cliente (`per_source` do xinetd). Aqui todos os clientes vêm de 127.0.0.1.',
          },
          minimum: 0,
          maximum: 1000,
          default: 0,
        }),
        connectionsPerSecond: schema.integer({
          description: {
            en: 'Connection rate above which the service is deactivated (xinetd `cps`).',
            'pt-BR': 'Taxa de conexões acima da qual o serviço é desativado (`cps` do xinetd).',
          },
          minimum: 0,
          maximum: 10_000,
          default: 0,
        }),
        deactivation: schema.duration({
          description: {
            en: 'How long the service stays deactivated after passing the rate (second number of xinetd `cps`).',
            'pt-BR': 'Por quanto tempo o serviço fica desativado depois de passar da taxa (o segundo número do `cps` do xinetd).',
          },
          minimumMs: 100,
          maximumMs: 60_000,
          default: '1s',
        }),
      },
    }),
    timeout: schema.duration({
      description: {
        en: 'A request without an answer after this long counts as timed out.',
        'pt-BR': 'Uma requisição sem resposta depois deste tempo conta como tempo esgotado.',
      },
      minimumMs: 100,
      maximumMs: 30_000,
      default: '3s',
    }),
  },
});

export type SuperserverScenario = ValueOf<typeof superserverScenarioSchema>;
