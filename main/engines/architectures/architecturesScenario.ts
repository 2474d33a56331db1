import { schema, type ValueOf } from '../../scenario/schema.ts';
import { architectureDescriptionTexts, architectureNames } from './architectureCatalog.ts';

export const architecturesScenarioSchema = schema.object({
  description: {
    en: 'Runs real HTTP/1.1 servers of different architectures on 127.0.0.1, one after another, and measures each under the same load (closed or open loop), optionally sweeping one parameter.',
    'pt-BR': 'Executa servidores HTTP/1.1 reais de arquiteturas diferentes em 127.0.0.1, um depois do outro, e mede cada um sob a mesma carga (malha fechada ou aberta), podendo variar um parâmetro.',
  },
  fields: {
    servers: schema.array({
      description: {
        en: 'The servers to measure, in order. Each runs alone (started, loaded, stopped) so they do not disturb each other’s measurement. Leave it out to load a server already running (load.target).',
        'pt-BR': 'Os servidores a medir, em ordem. Cada um roda sozinho (iniciado, carregado, parado) para que um não atrapalhe a medição do outro. Deixe de fora para carregar um servidor que já está rodando (load.target).',
      },
      minItems: 0,
      maxItems: 12,
      items: schema.object({
        description: { en: 'One server: a label and the architecture it is built with.', 'pt-BR': 'Um servidor: um rótulo e a arquitetura com que é construído.' },
        required: ['name', 'architecture'],
        fields: {
          name: schema.string({
            description: {
              en: 'A label for this server in plots and results, e.g. `pool-8`. Letters, digits, `-`, `_` and `.`.',
              'pt-BR': 'Um rótulo para este servidor nos gráficos e resultados, por exemplo `pool-8`. Letras, dígitos, `-`, `_` e `.`.',
            },
            pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$',
          }),
          architecture: schema.enumeration({
            description: {
              en: 'How the server is organised: who accepts connections, and which thread waits or computes for a request.',
              'pt-BR': 'Como o servidor se organiza: quem aceita as conexões, e qual thread espera ou computa para uma requisição.',
            },
            choices: architectureNames,
            choiceDescriptions: architectureDescriptionTexts,
          }),
          workers: schema.integer({
            description: {
              en: 'Pool size: worker threads (thread-pool, event-pool) or child processes (prefork); other architectures ignore it. With blocking work, at most this many requests are served at once.',
              'pt-BR': 'Tamanho do pool: threads trabalhadoras (thread-pool, event-pool) ou processos filhos (prefork); as outras arquiteturas o ignoram. Com trabalho bloqueante, no máximo este número de requisições é atendido ao mesmo tempo.',
            },
            minimum: 1,
            maximum: 64,
            default: 4,
          }),
          port: schema.integer({
            description: {
              en: 'Port on 127.0.0.1 the server listens on; 0 picks a free one. A fixed port is for a server you reach yourself, with curl, a browser, wrk or `proclab load`.',
              'pt-BR': 'Porta em 127.0.0.1 em que o servidor escuta; 0 escolhe uma livre. Uma porta fixa serve para um servidor que você mesmo acessa, com curl, um navegador, wrk ou `proclab load`.',
            },
            minimum: 0,
            maximum: 65_535,
            default: 0,
          }),
          requestsPerConnection: schema.integer({
            description: {
              en: 'Requests the server answers on one connection before closing it; 0 keeps the architecture’s default (1 for iterative and prefork, so waiting clients get their turn; no limit otherwise).',
              'pt-BR': 'Requisições que o servidor responde numa conexão antes de fechá-la; 0 mantém o padrão da arquitetura (1 para iterative e prefork, para que os clientes em espera tenham sua vez; sem limite nas outras).',
            },
            minimum: 0,
            maximum: 100_000,
            default: 0,
          }),
        },
      }),
    }),
    workload: schema.object({
      description: {
        en: 'What each request costs the server. The same for every server, so they can be compared.',
        'pt-BR': 'Quanto cada requisição custa ao servidor. É a mesma para todos os servidores, para que possam ser comparados.',
      },
      fields: {
        kind: schema.enumeration({
          description: { en: 'The kind of work a request needs.', 'pt-BR': 'O tipo de trabalho que uma requisição exige.' },
          choices: ['io', 'blocking-io', 'cpu', 'file'] as const,
          choiceDescriptions: {
            io: {
              en: 'Waiting, as for a disk or a database, done the architecture’s way: threads and processes block, event loops wait with a timer (non-blocking).',
              'pt-BR': 'Espera, como por um disco ou um banco de dados, feita do jeito da arquitetura: threads e processos bloqueiam, laços de eventos esperam com um temporizador (sem bloquear).',
            },
            'blocking-io': {
              en: 'The same wait made with a blocking call everywhere, event loops included: it freezes an event loop and every client on it.',
              'pt-BR': 'A mesma espera feita com uma chamada bloqueante em toda parte, inclusive nos laços de eventos: ela congela o laço de eventos e todos os clientes nele.',
            },
            cpu: {
              en: 'Real computation on the serving thread for the whole service time: no architecture can hide it, only spread it over cores.',
              'pt-BR': 'Computação de verdade na thread que atende, durante todo o tempo de serviço: nenhuma arquitetura consegue escondê-la, só espalhá-la pelos núcleos.',
            },
            file: {
              en: 'Reads a real file of responseSize bytes from disk (16 files in a temporary folder; /files/N picks one) and sends it; serviceTime is not used.',
              'pt-BR': 'Lê do disco um arquivo real de responseSize bytes (16 arquivos numa pasta temporária; /files/N escolhe um) e o envia; serviceTime não é usado.',
            },
          },
          default: 'io',
        }),
        serviceTime: schema.duration({
          description: {
            en: 'How long the work of one request takes, e.g. `20ms`. 0 measures the bare HTTP handling.',
            'pt-BR': 'Quanto tempo leva o trabalho de uma requisição, por exemplo `20ms`. 0 mede só o tratamento do HTTP.',
          },
          minimumMs: 0,
          maximumMs: 10_000,
          default: '20ms',
        }),
        distribution: schema.enumeration({
          description: {
            en: 'How service times vary from request to request; the mean is always serviceTime.',
            'pt-BR': 'Como os tempos de serviço variam de uma requisição para outra; a média é sempre serviceTime.',
          },
          choices: ['constant', 'exponential', 'bimodal'] as const,
          choiceDescriptions: {
            constant: { en: 'Every request takes exactly serviceTime.', 'pt-BR': 'Toda requisição leva exatamente serviceTime.' },
            exponential: {
              en: 'Memoryless, as the queueing models (M/M/c) assume: many short requests, a few long ones.',
              'pt-BR': 'Sem memória, como os modelos de filas (M/M/c) supõem: muitas requisições curtas, algumas longas.',
            },
            bimodal: {
              en: '90% fast requests, 10% ten times slower (same mean): a few slow requests hold up the fast ones behind them.',
              'pt-BR': '90% de requisições rápidas, 10% dez vezes mais lentas (mesma média): algumas lentas seguram as rápidas que vêm atrás.',
            },
          },
          default: 'constant',
        }),
        stall: schema.object({
          description: {
            en: 'Freeze the server’s main thread every so often, as a garbage-collection pause does; shows what a closed-loop load generator hides (coordinated omission).',
            'pt-BR': 'Congela a thread principal do servidor de tempos em tempos, como faz uma pausa da coleta de lixo; mostra o que um gerador de carga em malha fechada esconde (omissão coordenada).',
          },
          fields: {
            every: schema.duration({
              description: { en: 'Time between stalls; 0 for none.', 'pt-BR': 'Tempo entre dois congelamentos; 0 para nenhum.' },
              minimumMs: 0,
              maximumMs: 60_000,
              default: '0s',
            }),
            duration: schema.duration({
              description: { en: 'How long each stall lasts, e.g. `200ms`.', 'pt-BR': 'Quanto dura cada congelamento, por exemplo `200ms`.' },
              minimumMs: 0,
              maximumMs: 10_000,
              default: '200ms',
            }),
          },
        }),
        responseSize: schema.size({
          description: { en: 'Size of each response body, e.g. `256B` or `64KiB`.', 'pt-BR': 'Tamanho do corpo de cada resposta, por exemplo `256B` ou `64KiB`.' },
          minimumBytes: 0,
          maximumBytes: 1024 * 1024,
          default: '256B',
        }),
      },
    }),
    load: schema.object({
      description: {
        en: 'The load each server gets: closed loop (clients wait for each answer) or open loop (requests arrive at a rate, answered or not).',
        'pt-BR': 'A carga que cada servidor recebe: malha fechada (os clientes esperam cada resposta) ou malha aberta (as requisições chegam a uma taxa, respondidas ou não).',
      },
      fields: {
        mode: schema.enumeration({
          description: { en: 'How requests are generated.', 'pt-BR': 'Como as requisições são geradas.' },
          choices: ['closed', 'open', 'none'] as const,
          choiceDescriptions: {
            none: {
              en: 'No load from proclab: each server listens for `duration` and answers whoever connects (curl, a browser, wrk, `proclab load`).',
              'pt-BR': 'Nenhuma carga do proclab: cada servidor escuta durante `duration` e responde a quem se conectar (curl, um navegador, wrk, `proclab load`).',
            },
            closed: {
              en: 'A fixed number of clients, each sending its next request when it has the previous answer (after thinkTime). Latency from the actual send.',
              'pt-BR': 'Um número fixo de clientes, cada um enviando a próxima requisição quando recebe a resposta anterior (depois de thinkTime). Latência a partir do envio real.',
            },
            open: {
              en: 'Requests due at `rate` per second whether or not the server keeps up; latency runs from the intended send time (no coordinated omission), shown beside the uncorrected figure.',
              'pt-BR': 'Requisições previstas a `rate` por segundo, quer o servidor acompanhe, quer não; a latência conta a partir do envio previsto (sem omissão coordenada), mostrada ao lado do valor sem correção.',
            },
          },
          default: 'closed',
        }),
        connections: schema.integer({
          description: {
            en: 'Concurrent client connections. Closed loop: the number of clients (and the most requests outstanding). Open loop: the connections requests are sent on; a due request waits for a free one.',
            'pt-BR': 'Conexões simultâneas de clientes. Malha fechada: o número de clientes (e o máximo de requisições pendentes). Malha aberta: as conexões pelas quais as requisições são enviadas; uma requisição prevista espera uma livre.',
          },
          minimum: 1,
          maximum: 1000,
          default: 16,
        }),
        rate: schema.number({
          description: { en: 'Open loop: requests per second offered to the server.', 'pt-BR': 'Malha aberta: requisições por segundo oferecidas ao servidor.' },
          minimum: 1,
          maximum: 100_000,
          default: 200,
        }),
        arrival: schema.enumeration({
          description: { en: 'Open loop: how requests are spaced in time.', 'pt-BR': 'Malha aberta: como as requisições se espaçam no tempo.' },
          choices: ['poisson', 'constant'] as const,
          choiceDescriptions: {
            poisson: {
              en: 'Random, memoryless arrivals (independent clients), as the queueing models assume.',
              'pt-BR': 'Chegadas aleatórias e sem memória (clientes independentes), como os modelos de filas supõem.',
            },
            constant: { en: 'Evenly spaced, one every 1/rate seconds.', 'pt-BR': 'Espaçadas por igual, uma a cada 1/rate segundos.' },
          },
          default: 'poisson',
        }),
        thinkTime: schema.duration({
          description: {
            en: 'Closed loop: how long a client waits after an answer before its next request.',
            'pt-BR': 'Malha fechada: quanto um cliente espera depois de uma resposta antes da próxima requisição.',
          },
          minimumMs: 0,
          maximumMs: 60_000,
          default: '0ms',
        }),
        duration: schema.duration({
          description: {
            en: 'How long each server is measured, after its warm-up, e.g. `5s`; 0: until you stop the run (one server, no sweep).',
            'pt-BR': 'Por quanto tempo cada servidor é medido, depois do aquecimento, por exemplo `5s`; 0: até você parar a execução (um servidor, sem varredura).',
          },
          minimumMs: 100,
          maximumMs: 600_000,
          zeroMeans: 'until stopped',
          default: '5s',
        }),
        warmup: schema.duration({
          description: {
            en: 'Load applied before measuring starts, left out of the results (connections open, caches and JIT warm up).',
            'pt-BR': 'Carga aplicada antes de a medição começar, deixada de fora dos resultados (as conexões abrem, caches e JIT se aquecem).',
          },
          minimumMs: 0,
          maximumMs: 60_000,
          default: '500ms',
        }),
        timeout: schema.duration({
          description: {
            en: 'A request unanswered for this long counts as an error, and its client reconnects.',
            'pt-BR': 'Uma requisição sem resposta por este tempo conta como erro, e o cliente dela se reconecta.',
          },
          minimumMs: 10,
          maximumMs: 60_000,
          default: '5s',
        }),
        target: schema.string({
          description: {
            en: 'The address of a server already running on this machine to load instead of starting `servers`, e.g. `http://127.0.0.1:8080/`; empty: load the servers this scenario starts.',
            'pt-BR': 'O endereço de um servidor já rodando nesta máquina, a carregar em vez de iniciar `servers`, por exemplo `http://127.0.0.1:8080/`; vazio: carrega os servidores que este cenário inicia.',
          },
          default: '',
        }),
      },
    }),
    sweep: schema.object({
      description: {
        en: 'Measure every server once per value of one parameter, to plot throughput against concurrency or latency against offered load, with a queueing model’s prediction beside the points.',
        'pt-BR': 'Mede cada servidor uma vez por valor de um parâmetro, para traçar a vazão contra a concorrência ou a latência contra a carga oferecida, com a previsão de um modelo de filas ao lado dos pontos.',
      },
      fields: {
        parameter: schema.enumeration({
          description: { en: 'The parameter to sweep.', 'pt-BR': 'O parâmetro a variar.' },
          choices: ['none', 'connections', 'rate', 'workers', 'serviceTime'] as const,
          choiceDescriptions: {
            none: { en: 'No sweep: each server is measured once.', 'pt-BR': 'Sem variação: cada servidor é medido uma vez.' },
            connections: {
              en: 'load.connections (closed loop: throughput against concurrency).',
              'pt-BR': 'load.connections (malha fechada: vazão contra concorrência).',
            },
            rate: {
              en: 'load.rate, in requests per second (switches the load to open loop: latency against offered load).',
              'pt-BR': 'load.rate, em requisições por segundo (passa a carga para malha aberta: latência contra carga oferecida).',
            },
            workers: { en: 'servers[].workers, the pool size.', 'pt-BR': 'servers[].workers, o tamanho do pool.' },
            serviceTime: { en: 'workload.serviceTime, in milliseconds.', 'pt-BR': 'workload.serviceTime, em milissegundos.' },
          },
          default: 'none',
        }),
        values: schema.array({
          description: {
            en: 'The values to measure, e.g. `[1, 2, 4, 8, 16]` (milliseconds for serviceTime).',
            'pt-BR': 'Os valores a medir, por exemplo `[1, 2, 4, 8, 16]` (milissegundos para serviceTime).',
          },
          minItems: 0,
          maxItems: 12,
          items: schema.number({ description: { en: 'One value of the swept parameter.', 'pt-BR': 'Um valor do parâmetro variado.' }, minimum: 0, maximum: 100_000 }),
        }),
      },
    }),
  },
});

export type ArchitecturesScenario = ValueOf<typeof architecturesScenarioSchema>;

export type ServerScenario = ArchitecturesScenario['servers'][number];
