import { schema, type ValueOf } from '../../scenario/schema.ts';
import { accessPatterns, workloadKinds } from './guest/guestWorkload.ts';
import { strategyNames } from './hosts/hostMessages.ts';
import { bandwidthHint, bandwidthPattern } from './linkShapeText.ts';
import { failureKinds } from './migrationSpec.ts';

export const vmMigrationScenarioSchema = schema.object({
  description: {
    en: 'Live-migrates a running guest (a worker thread whose memory is shared pages) between two host threads joined by a TCP link on 127.0.0.1, once per strategy, and measures each migration.',
    'pt-BR': 'Migra ao vivo um convidado em execução (uma worker thread cuja memória são páginas compartilhadas) entre duas threads hospedeiras ligadas por um enlace TCP em 127.0.0.1, uma vez por estratégia, e mede cada migração.',
  },
  required: ['strategies'],
  fields: {
    guest: schema.object({
      description: {
        en: 'The virtual machine: its memory and the program it runs. Every strategy migrates the same guest, started afresh.',
        'pt-BR': 'A máquina virtual: sua memória e o programa que ela executa. Toda estratégia migra o mesmo convidado, iniciado do zero.',
      },
      fields: {
        memory: schema.size({
          description: {
            en: 'Guest memory, e.g. `64MiB` (up to `1GiB`). Both hosts hold a copy.',
            'pt-BR': 'Memória do convidado, por exemplo `64MiB` (até `1GiB`). Os dois hospedeiros guardam uma cópia.',
          },
          minimumBytes: 1024 * 1024,
          maximumBytes: 1024 ** 3,
          default: '64MiB',
        }),
        pageSize: schema.size({
          description: {
            en: 'Page size: the unit of dirty tracking, transfer and faults.',
            'pt-BR': 'Tamanho da página: a unidade do rastreamento de páginas sujas, da transferência e das faltas.',
          },
          minimumBytes: 1024,
          maximumBytes: 64 * 1024,
          default: '4KiB',
        }),
        workload: schema.enumeration({
          description: { en: 'What runs inside the guest.', 'pt-BR': 'O que roda dentro do convidado.' },
          choices: workloadKinds,
          choiceDescriptions: {
            'kv-server': {
              en: 'A key-value server answering real TCP clients through the front port; its table is in guest memory.',
              'pt-BR': 'Um servidor chave-valor que atende clientes TCP reais pela porta de entrada; sua tabela fica na memória do convidado.',
            },
            writer: {
              en: 'Writes pages of its working set as fast as it can (or at dirtyRate): a write-heavy guest.',
              'pt-BR': 'Escreve páginas do seu conjunto de trabalho o mais rápido que pode (ou a dirtyRate): um convidado que escreve muito.',
            },
            scanner: {
              en: 'Reads all of memory in order, writing one word per thousand pages: a read-mostly guest.',
              'pt-BR': 'Lê toda a memória em ordem, escrevendo uma palavra a cada mil páginas: um convidado que quase só lê.',
            },
            idle: { en: 'Does nothing; only its memory moves.', 'pt-BR': 'Não faz nada; só a memória dele se move.' },
          },
          default: 'kv-server',
        }),
        workingSet: schema.size({
          description: {
            en: 'Writer: how much memory (from the start) it writes to.',
            'pt-BR': 'Writer: em quanta memória (a partir do início) ele escreve.',
          },
          minimumBytes: 4096,
          maximumBytes: 1024 ** 3,
          default: '16MiB',
        }),
        dirtyRate: schema.integer({
          description: {
            en: 'Writer: pages written per second; 0 = as fast as it can.',
            'pt-BR': 'Writer: páginas escritas por segundo; 0 = o mais rápido que puder.',
          },
          minimum: 0,
          maximum: 100_000_000,
          default: 0,
        }),
        pattern: schema.enumeration({
          description: { en: 'Writer: which page each write goes to.', 'pt-BR': 'Writer: em qual página cai cada escrita.' },
          choices: accessPatterns,
          choiceDescriptions: {
            sequential: {
              en: 'One page after another, round the working set.',
              'pt-BR': 'Uma página depois da outra, dando voltas no conjunto de trabalho.',
            },
            uniform: { en: 'Any page of the working set, equally likely.', 'pt-BR': 'Qualquer página do conjunto de trabalho, com a mesma chance.' },
            'hot-cold': {
              en: '90% of writes to the hottest 10% of the working set.',
              'pt-BR': '90% das escritas nos 10% mais quentes do conjunto de trabalho.',
            },
          },
          default: 'uniform',
        }),
        fill: schema.number({
          description: {
            en: 'Share of memory filled with data at start (the rest are zero pages).',
            'pt-BR': 'Fração da memória preenchida com dados no início (o resto são páginas zeradas).',
          },
          minimum: 0,
          maximum: 1,
          default: 1,
        }),
        keys: schema.integer({
          description: { en: 'Key-value server: keys stored at start.', 'pt-BR': 'Servidor chave-valor: chaves guardadas no início.' },
          minimum: 1,
          maximum: 1_000_000,
          default: 10_000,
        }),
      },
    }),
    link: schema.object({
      description: {
        en: 'The network between the hosts: a real TCP stream on 127.0.0.1 through a shaping layer.',
        'pt-BR': 'A rede entre os hospedeiros: um fluxo TCP real em 127.0.0.1, passando por uma camada que limita banda e atraso.',
      },
      fields: {
        bandwidth: schema.string({
          description: {
            en: 'Link bandwidth, e.g. `1Gbit`, `100Mbit`, `500MB/s`, or `unlimited` (as fast as loopback goes).',
            'pt-BR': 'Banda do enlace, por exemplo `1Gbit`, `100Mbit`, `500MB/s`, ou `unlimited` (o que o loopback aguentar).',
          },
          pattern: bandwidthPattern,
          patternHint: bandwidthHint,
          default: '1Gbit',
        }),
        latency: schema.duration({
          description: {
            en: 'One-way delay added to every frame, e.g. `0.5ms`.',
            'pt-BR': 'Atraso de ida somado a cada quadro, por exemplo `0.5ms`.',
          },
          minimumMs: 0,
          maximumMs: 1000,
          default: '0ms',
        }),
      },
    }),
    strategies: schema.array({
      description: {
        en: 'The migrations to run, one after another, each on a fresh copy of the same guest.',
        'pt-BR': 'As migrações a executar, uma depois da outra, cada uma numa cópia nova do mesmo convidado.',
      },
      minItems: 1,
      maxItems: 8,
      items: schema.object({
        description: { en: 'One migration: a label and its strategy.', 'pt-BR': 'Uma migração: um rótulo e sua estratégia.' },
        required: ['name', 'strategy'],
        fields: {
          name: schema.string({
            description: {
              en: 'Label in plots and results (letters, digits, `-`, `_`, `.`).',
              'pt-BR': 'Rótulo nos gráficos e resultados (letras, dígitos, `-`, `_`, `.`).',
            },
            pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$',
          }),
          strategy: schema.enumeration({
            description: {
              en: 'How memory moves relative to the switch of execution host.',
              'pt-BR': 'Como a memória se move em relação à troca do hospedeiro que executa a VM.',
            },
            choices: strategyNames,
            choiceDescriptions: {
              'stop-copy': {
                en: 'Stop the VM, copy all memory and the CPU state, resume at the destination.',
                'pt-BR': 'Para a VM, copia toda a memória e o estado da CPU, retoma no destino.',
              },
              'pre-copy': {
                en: 'Copy memory while the VM runs, then the pages dirtied meanwhile, round after round; stop and copy the rest.',
                'pt-BR': 'Copia a memória com a VM rodando, depois as páginas sujas nesse meio-tempo, rodada após rodada; para e copia o resto.',
              },
              'post-copy': {
                en: 'Stop, copy the CPU state, resume at the destination at once; pages follow on demand and in the background.',
                'pt-BR': 'Para, copia o estado da CPU, retoma no destino imediatamente; as páginas vêm depois, sob demanda e em segundo plano.',
              },
              hybrid: {
                en: 'Pre-copy rounds first, then post-copy for the pages still dirty.',
                'pt-BR': 'Primeiro rodadas de pré-cópia, depois pós-cópia para as páginas ainda sujas.',
              },
            },
          }),
          maxRounds: schema.integer({
            description: { en: 'Pre-copy: most rounds before stopping anyway.', 'pt-BR': 'Pré-cópia: máximo de rodadas antes de parar assim mesmo.' },
            minimum: 1,
            maximum: 100,
            default: 30,
          }),
          downtimeLimit: schema.duration({
            description: {
              en: 'Pre-copy: stop once the pages left would take at most this long to send.',
              'pt-BR': 'Pré-cópia: para quando as páginas restantes levariam no máximo este tempo para serem enviadas.',
            },
            minimumMs: 0,
            maximumMs: 60_000,
            default: '5ms',
          }),
          autoConverge: schema.boolean({
            description: {
              en: 'Pre-copy: throttle the guest when rounds stop shrinking (20%, then +10% each time).',
              'pt-BR': 'Pré-cópia: desacelera o convidado quando as rodadas param de diminuir (20%, depois +10% a cada vez).',
            },
            default: false,
          }),
          skipZeroPages: schema.boolean({
            description: { en: 'Send all-zero pages as a page number only.', 'pt-BR': 'Envia páginas todas zeradas só como um número de página.' },
            default: true,
          }),
          hybridRounds: schema.integer({
            description: {
              en: 'Hybrid: pre-copy rounds before switching to post-copy.',
              'pt-BR': 'Híbrida: rodadas de pré-cópia antes de passar para a pós-cópia.',
            },
            minimum: 1,
            maximum: 100,
            default: 1,
          }),
          prePaging: schema.boolean({
            description: {
              en: 'Post-copy: after a fault, push the pages that follow it next.',
              'pt-BR': 'Pós-cópia: depois de uma falta, empurra em seguida as páginas que vêm depois dela.',
            },
            default: true,
          }),
          pushBandwidth: schema.string({
            description: {
              en: "Post-copy: cap on the background push, e.g. `200Mbit`, or `unlimited` (the link's speed). Pages that answer faults are not capped.",
              'pt-BR': 'Pós-cópia: limite para o envio em segundo plano, por exemplo `200Mbit`, ou `unlimited` (a velocidade do enlace). Páginas que respondem a faltas não são limitadas.',
            },
            pattern: bandwidthPattern,
            patternHint: bandwidthHint,
            default: 'unlimited',
          }),
        },
      }),
    }),
    clients: schema.object({
      description: {
        en: 'Key-value clients (kv-server guest only): an open-loop load through the front port.',
        'pt-BR': 'Clientes chave-valor (só com o convidado kv-server): uma carga em malha aberta pela porta de entrada.',
      },
      fields: {
        connections: schema.integer({
          description: { en: 'Client TCP connections.', 'pt-BR': 'Conexões TCP dos clientes.' },
          minimum: 1,
          maximum: 64,
          default: 4,
        }),
        rate: schema.integer({
          description: { en: 'Requests per second over all connections.', 'pt-BR': 'Requisições por segundo, somando todas as conexões.' },
          minimum: 1,
          maximum: 50_000,
          default: 1000,
        }),
        writeFraction: schema.number({
          description: { en: 'Share of requests that are SETs.', 'pt-BR': 'Fração das requisições que são SETs.' },
          minimum: 0,
          maximum: 1,
          default: 0.2,
        }),
      },
    }),
    timing: schema.object({
      description: { en: 'How long the guest runs around each migration.', 'pt-BR': 'Por quanto tempo o convidado roda antes e depois de cada migração.' },
      fields: {
        warmup: schema.duration({
          description: { en: 'Before the migration starts (the baseline).', 'pt-BR': 'Antes de a migração começar (a referência).' },
          minimumMs: 100,
          maximumMs: 60_000,
          default: '1s',
        }),
        after: schema.duration({
          description: { en: 'After the migration ends (to see recovery).', 'pt-BR': 'Depois de a migração terminar (para ver a recuperação).' },
          minimumMs: 100,
          maximumMs: 60_000,
          default: '1s',
        }),
        timeout: schema.duration({
          description: {
            en: 'Longest a migration may take; a pre-copy then aborts.',
            'pt-BR': 'O máximo que uma migração pode levar; passado isso, uma pré-cópia aborta.',
          },
          minimumMs: 1000,
          maximumMs: 600_000,
          default: '60s',
        }),
      },
    }),
    failure: schema.object({
      description: {
        en: 'A failure to inject during every migration of the run.',
        'pt-BR': 'Uma falha a injetar durante cada migração da execução.',
      },
      fields: {
        kind: schema.enumeration({
          description: { en: 'What goes wrong.', 'pt-BR': 'O que dá errado.' },
          choices: failureKinds,
          choiceDescriptions: {
            none: { en: 'Nothing.', 'pt-BR': 'Nada.' },
            'cut-link': { en: 'The link between the hosts is cut.', 'pt-BR': 'O enlace entre os hospedeiros é cortado.' },
            'kill-destination': { en: 'The destination host dies.', 'pt-BR': 'O hospedeiro de destino morre.' },
            'kill-source': { en: 'The source host dies (fatal for post-copy).', 'pt-BR': 'O hospedeiro de origem morre (fatal para a pós-cópia).' },
          },
          default: 'none',
        }),
        after: schema.duration({
          description: { en: 'How long after the migration starts.', 'pt-BR': 'Quanto tempo depois de a migração começar.' },
          minimumMs: 0,
          maximumMs: 600_000,
          default: '20ms',
        }),
      },
    }),
  },
});

export type VmMigrationScenario = ValueOf<typeof vmMigrationScenarioSchema>;
