import { schema, type ValueOf } from '../../scenario/schema.ts';
import { dispatchPolicies } from './dispatchPolicy.ts';

/** The application server counts of the scaling part when the scenario lists none. */
export const defaultScalingCounts = [1, 2, 4];

/** The response sizes measured when the scenario lists none. */
export const defaultResponseSizes = [1024, 16 * 1024, 256 * 1024, 1024 * 1024];

const policyChoice = schema.enumeration({
  description: { en: 'A dispatch policy.', 'pt-BR': 'Uma política de despacho.' },
  choices: dispatchPolicies,
  choiceDescriptions: {
    'round-robin': { en: 'Each new connection to the next server in turn.', 'pt-BR': 'Cada nova conexão para o próximo servidor da vez.' },
    'least-connections': { en: 'To the server with the fewest open connections the dispatcher knows of.', 'pt-BR': 'Para o servidor com menos conexões abertas que o despachante conhece.' },
    'server-load': {
      en: 'To the server that last reported the lowest load (requests in progress); reports are loadReportInterval old at worst.',
      'pt-BR': 'Para o servidor que relatou por último a menor carga (requisições em andamento); os relatos têm até loadReportInterval de idade.',
    },
    'service-type': { en: 'By path prefix: /static/… to the first half of the servers, everything else to the rest.', 'pt-BR': 'Pelo prefixo do caminho: /static/… para a primeira metade dos servidores, o resto para os demais.' },
    'content-aware': { en: 'By the object the request names: the same object always to the same server.', 'pt-BR': 'Pelo objeto que a requisição pede: o mesmo objeto sempre para o mesmo servidor.' },
  },
});

export const serverClustersScenarioSchema = schema.object({
  description: {
    en: 'Runs a three-tier server cluster of real processes on their own loopback addresses: a dispatcher on 127.0.2.1, application servers on 127.0.2.11 and up, a data server (a SQLite file) on 127.0.2.100. Compares relaying with handing the connection off, then dispatch policies, then a server failing.',
    'pt-BR': 'Executa um cluster de servidores em três camadas, com processos reais cada um no seu endereço de loopback: um despachante em 127.0.2.1, servidores de aplicação a partir de 127.0.2.11 e um servidor de dados (um arquivo SQLite) em 127.0.2.100. Compara repassar (relay) com entregar a conexão (handoff), depois políticas de despacho, depois a falha de um servidor.',
  },
  fields: {
    servers: schema.integer({
      description: { en: 'Application servers (tier 2), each its own process and address.', 'pt-BR': 'Servidores de aplicação (camada 2), cada um com seu processo e endereço.' },
      minimum: 1,
      maximum: 8,
      default: 4,
    }),
    objects: schema.integer({
      description: { en: 'Objects (rows) the data server holds; a request for /objects/N asks for object N.', 'pt-BR': 'Objetos (linhas) que o servidor de dados guarda; uma requisição para /objects/N pede o objeto N.' },
      minimum: 1,
      maximum: 100_000,
      default: 64,
    }),
    cacheObjects: schema.integer({
      description: { en: 'Objects each application server keeps in its cache (least recently used out first).', 'pt-BR': 'Objetos que cada servidor de aplicação guarda em cache (o usado há mais tempo sai primeiro).' },
      minimum: 0,
      maximum: 100_000,
      default: 16,
    }),
    healthInterval: schema.duration({
      description: { en: 'How often the dispatcher checks each server with a TCP connect.', 'pt-BR': 'De quanto em quanto tempo o despachante verifica cada servidor com um connect TCP.' },
      minimumMs: 10,
      maximumMs: 10_000,
      default: '100ms',
    }),
    loadReportInterval: schema.duration({
      description: { en: 'How often each server reports its load to the dispatcher.', 'pt-BR': 'De quanto em quanto tempo cada servidor relata sua carga ao despachante.' },
      minimumMs: 10,
      maximumMs: 10_000,
      default: '250ms',
    }),
    dataTier: schema.object({
      description: {
        en: 'The data tier\'s capacity. Each query holds one of concurrency slots for queryTime; queries beyond the slots wait in the data server\'s queue, so at most concurrency × 1000 / queryTime queries per second are answered, whatever the number of application servers.',
        'pt-BR': 'A capacidade da camada de dados. Cada consulta ocupa uma de concurrency vagas por queryTime; consultas além das vagas esperam na fila do servidor de dados, de modo que no máximo concurrency × 1000 / queryTime consultas por segundo são respondidas, qualquer que seja o número de servidores de aplicação.',
      },
      fields: {
        concurrency: schema.integer({
          description: { en: 'Queries the data server serves at once (0: no limit).', 'pt-BR': 'Consultas que o servidor de dados atende ao mesmo tempo (0: sem limite).' },
          minimum: 0,
          maximum: 256,
          default: 0,
        }),
        queryTime: schema.duration({
          description: {
            en: 'How long each query holds its slot, as a wait on a disk (0: only the SQLite lookup itself).',
            'pt-BR': 'Quanto tempo cada consulta ocupa sua vaga, como uma espera pelo disco (0: só a própria busca no SQLite).',
          },
          minimumMs: 0,
          maximumMs: 1_000,
          default: '0ms',
        }),
      },
    }),
    serve: schema.object({
      description: {
        en: 'Instead of the measurements: run the cluster and let whoever connects use it (curl, wrk, a browser) — what `proclab cluster` does.',
        'pt-BR': 'Em vez das medições: executar o cluster e deixar quem se conectar usá-lo (curl, wrk, um navegador) — o que `proclab cluster` faz.',
      },
      fields: {
        mode: schema.enumeration({
          description: { en: 'none: run the lab\'s measurements; relay or handoff: serve in that mode.', 'pt-BR': 'none: executar as medições do laboratório; relay ou handoff: servir nesse modo.' },
          choices: ['none', 'relay', 'handoff'] as const,
          default: 'none',
        }),
        policy: { ...policyChoice, default: 'round-robin' },
        port: schema.integer({ description: { en: 'The dispatcher\'s port on 127.0.2.1 (0: any free port).', 'pt-BR': 'A porta do despachante em 127.0.2.1 (0: qualquer porta livre).' }, minimum: 0, maximum: 65_535, default: 0 }),
        responseSize: schema.size({ description: { en: 'Size of each response body.', 'pt-BR': 'Tamanho do corpo de cada resposta.' }, minimumBytes: 0, maximumBytes: 64 * 1024 * 1024, default: '1KiB' }),
        duration: schema.duration({ description: { en: 'How long the cluster serves; 0: until stopped.', 'pt-BR': 'Por quanto tempo o cluster atende; 0: até ser parado.' }, minimumMs: 0, maximumMs: 24 * 3_600_000, default: '0s' }),
      },
    }),
    modes: schema.object({
      description: {
        en: 'Relay against handoff on the same closed-loop load, one response size after another.',
        'pt-BR': 'Relay contra handoff com a mesma carga em malha fechada, um tamanho de resposta depois do outro.',
      },
      fields: {
        responseSizes: schema.array({
          description: { en: 'Response sizes to measure; empty: 1KiB, 16KiB, 256KiB and 1MiB.', 'pt-BR': 'Tamanhos de resposta a medir; vazio: 1KiB, 16KiB, 256KiB e 1MiB.' },
          minItems: 0,
          maxItems: 8,
          items: schema.size({ description: { en: 'A response body size.', 'pt-BR': 'Um tamanho de corpo de resposta.' }, minimumBytes: 0, maximumBytes: 4 * 1024 * 1024 }),
        }),
        rounds: schema.integer({
          description: {
            en: 'Interleaved rounds per mode and size (relay, handoff, handoff, relay, …); each mode reports its median round, so one round disturbed by the machine does not decide.',
            'pt-BR': 'Rodadas intercaladas por modo e tamanho (relay, handoff, handoff, relay, …); cada modo relata sua rodada mediana, para que uma rodada perturbada pela máquina não decida.',
          },
          minimum: 1,
          maximum: 9,
          default: 3,
        }),
        connections: schema.integer({
          description: { en: 'Client connections of the load generator (each sends its next request when answered).', 'pt-BR': 'Conexões clientes do gerador de carga (cada uma envia a próxima requisição ao receber a resposta).' },
          minimum: 1,
          maximum: 256,
          default: 8,
        }),
        requestsPerConnection: schema.integer({
          description: {
            en: 'Requests a client sends on one connection before it is closed and a new one dispatched (0: keep it open).',
            'pt-BR': 'Requisições que um cliente envia numa conexão antes de ela ser fechada e uma nova ser despachada (0: mantê-la aberta).',
          },
          minimum: 0,
          maximum: 10_000,
          default: 10,
        }),
        duration: schema.duration({ description: { en: 'Measured window per mode and size.', 'pt-BR': 'Janela medida por modo e tamanho.' }, minimumMs: 100, maximumMs: 60_000, default: '800ms' }),
        warmup: schema.duration({ description: { en: 'Load before each window that is not counted.', 'pt-BR': 'Carga antes de cada janela, que não é contada.' }, minimumMs: 0, maximumMs: 10_000, default: '200ms' }),
      },
    }),
    policies: schema.object({
      description: {
        en: 'Dispatch policies compared on the same requests (each request a new connection, objects drawn at random).',
        'pt-BR': 'Políticas de despacho comparadas com as mesmas requisições (cada requisição uma nova conexão, objetos sorteados).',
      },
      fields: {
        compare: schema.array({
          description: { en: 'Policies to compare; empty: all five.', 'pt-BR': 'Políticas a comparar; vazio: as cinco.' },
          minItems: 0,
          maxItems: 5,
          items: policyChoice,
        }),
        mode: schema.enumeration({
          description: { en: 'How the dispatcher passes each connection on during this part.', 'pt-BR': 'Como o despachante passa cada conexão adiante nesta parte.' },
          choices: ['relay', 'handoff'] as const,
          default: 'handoff',
        }),
        requests: schema.integer({ description: { en: 'Requests per policy.', 'pt-BR': 'Requisições por política.' }, minimum: 10, maximum: 100_000, default: 600 }),
        serviceTime: schema.duration({
          description: {
            en: 'Mean work per request on the application server besides the data query (an exponentially distributed wait, as for a slower backend), so requests differ in cost.',
            'pt-BR': 'Trabalho médio por requisição no servidor de aplicação além da consulta de dados (uma espera com distribuição exponencial, como a de um backend mais lento), para que as requisições tenham custos diferentes.',
          },
          minimumMs: 0,
          maximumMs: 1_000,
          default: '2ms',
        }),
        concurrency: schema.integer({ description: { en: 'Requests in flight at once.', 'pt-BR': 'Requisições em andamento ao mesmo tempo.' }, minimum: 1, maximum: 128, default: 8 }),
      },
    }),
    scaling: schema.object({
      description: {
        en: 'The same open-loop rate with each count of application servers in turn, each request blocking its server for serviceTime and asking the data tier once (the servers\' caches are off here).',
        'pt-BR': 'A mesma taxa em malha aberta com cada número de servidores de aplicação por vez, cada requisição bloqueando seu servidor por serviceTime e consultando a camada de dados uma vez (os caches dos servidores ficam desligados aqui).',
      },
      fields: {
        enabled: schema.boolean({ description: { en: 'Run this part.', 'pt-BR': 'Executar esta parte.' }, default: true }),
        servers: schema.array({
          description: {
            en: 'Application server counts to measure, ascending, each at most servers; empty: 1, 2 and 4 (those up to servers).',
            'pt-BR': 'Números de servidores de aplicação a medir, em ordem crescente, cada um no máximo servers; vazio: 1, 2 e 4 (os que não passam de servers).',
          },
          minItems: 0,
          maxItems: 8,
          items: schema.integer({ description: { en: 'A number of application servers in use.', 'pt-BR': 'Um número de servidores de aplicação em uso.' }, minimum: 1, maximum: 8 }),
        }),
        rate: schema.integer({ description: { en: 'Requests per second offered.', 'pt-BR': 'Requisições por segundo oferecidas.' }, minimum: 10, maximum: 20_000, default: 600 }),
        serviceTime: schema.duration({
          description: { en: 'How long each request blocks its server (one server answers at most 1000 / serviceTime per second).', 'pt-BR': 'Quanto tempo cada requisição bloqueia seu servidor (um servidor responde no máximo 1000 / serviceTime por segundo).' },
          minimumMs: 0,
          maximumMs: 1_000,
          default: '5ms',
        }),
        duration: schema.duration({ description: { en: 'Measured window per server count.', 'pt-BR': 'Janela medida por número de servidores.' }, minimumMs: 200, maximumMs: 60_000, default: '1s' }),
      },
    }),
    dns: schema.object({
      description: {
        en: 'No single endpoint: clients resolve one DNS name to every server (round-robin answers) and connect straight to them, trying the next address when one is down; server 1 dies a third of the way in.',
        'pt-BR': 'Sem ponto de acesso único: os clientes resolvem um nome DNS para todos os servidores (respostas em round-robin) e se conectam direto a eles, tentando o próximo endereço quando um está fora; o servidor 1 morre a um terço do tempo.',
      },
      fields: {
        enabled: schema.boolean({ description: { en: 'Run this part.', 'pt-BR': 'Executar esta parte.' }, default: true }),
        clients: schema.integer({ description: { en: 'Clients, each sending one request after another.', 'pt-BR': 'Clientes, cada um enviando uma requisição após a outra.' }, minimum: 1, maximum: 64, default: 4 }),
        ttl: schema.integer({ description: { en: 'TTL of the DNS answers, in seconds (a client keeps an answer this long).', 'pt-BR': 'TTL das respostas DNS, em segundos (um cliente guarda uma resposta por esse tempo).' }, minimum: 0, maximum: 3_600, default: 1 }),
        duration: schema.duration({ description: { en: 'Length of this part.', 'pt-BR': 'Duração desta parte.' }, minimumMs: 600, maximumMs: 60_000, default: '3s' }),
      },
    }),
    failover: schema.object({
      description: {
        en: 'An application server is killed (SIGKILL) a third into an open-loop load and started again at two thirds.',
        'pt-BR': 'Um servidor de aplicação é morto (SIGKILL) a um terço de uma carga em malha aberta e reiniciado aos dois terços.',
      },
      fields: {
        enabled: schema.boolean({ description: { en: 'Run this part.', 'pt-BR': 'Executar esta parte.' }, default: true }),
        rate: schema.integer({ description: { en: 'Requests per second offered.', 'pt-BR': 'Requisições por segundo oferecidas.' }, minimum: 10, maximum: 20_000, default: 400 }),
        duration: schema.duration({ description: { en: 'Length of the load.', 'pt-BR': 'Duração da carga.' }, minimumMs: 600, maximumMs: 60_000, default: '3s' }),
      },
    }),
  },
});

export type ServerClustersScenario = ValueOf<typeof serverClustersScenarioSchema>;
