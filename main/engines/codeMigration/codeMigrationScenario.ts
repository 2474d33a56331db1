import { bandwidthTextPattern } from '../../network/shapedRelay.ts';
import { schema, type ValueOf } from '../../scenario/schema.ts';
import { actions, attachments, bindings } from './bindingTable.ts';
import { attackNames } from './hostileAgents.ts';
import { platformNames } from './platforms.ts';

export const experimentNames = ['mobility', 'paradigms', 'bindings', 'sandbox', 'heterogeneous'] as const;
export type ExperimentName = (typeof experimentNames)[number];

const platform = (en: string, pt: string, defaultPlatform: (typeof platformNames)[number]) =>
  schema.enumeration({
    description: { en, 'pt-BR': pt },
    choices: platformNames,
    choiceDescriptions: {
      'x86_64/little-endian': { en: 'A PC or server processor (Intel, AMD).', 'pt-BR': 'Um processador de PC ou servidor (Intel, AMD).' },
      'aarch64/little-endian': { en: 'A 64-bit ARM processor (phones, many laptops).', 'pt-BR': 'Um processador ARM de 64 bits (celulares, muitos notebooks).' },
      'riscv64/little-endian': { en: 'A 64-bit RISC-V processor.', 'pt-BR': 'Um processador RISC-V de 64 bits.' },
      'ppc64/big-endian': { en: 'A big-endian POWER processor.', 'pt-BR': 'Um processador POWER big-endian.' },
      's390x/big-endian': { en: 'An IBM mainframe processor (big-endian).', 'pt-BR': 'Um processador de mainframe IBM (big-endian).' },
    },
    default: defaultPlatform,
  });

const link = (en: string, pt: string, bandwidth: string, latency: string) =>
  schema.object({
    description: { en, 'pt-BR': pt },
    fields: {
      bandwidth: schema.string({
        description: { en: 'Bandwidth of every link, e.g. `10Mbit`, `1Gbit`, `500kB/s`, or `unlimited` (loopback speed).', 'pt-BR': 'Banda de cada enlace, por exemplo `10Mbit`, `1Gbit`, `500kB/s`, ou `unlimited` (velocidade do loopback).' },
        pattern: bandwidthTextPattern,
        default: bandwidth,
      }),
      latency: schema.duration({
        description: { en: 'One-way delay added to every byte, e.g. `5ms`.', 'pt-BR': 'Atraso de ida somado a cada byte, por exemplo `5ms`.' },
        minimumMs: 0,
        maximumMs: 1_000,
        default: latency,
      }),
    },
  });

export const codeMigrationScenarioSchema = schema.object({
  description: {
    en: 'Moves code between host processes on their own loopback addresses (127.0.1.N) over shaped TCP links: weak and strong mobility, the four mobility paradigms side by side, the resource-binding table executed, heterogeneous platforms and confined mobile code.',
    'pt-BR': 'Move código entre processos hospedeiros em endereços de loopback próprios (127.0.1.N) por enlaces TCP moldados: mobilidade fraca e forte, os quatro paradigmas de mobilidade lado a lado, a tabela de vínculos a recursos executada, plataformas heterogêneas e código móvel confinado.',
  },
  fields: {
    experiments: schema.array({
      description: { en: 'Which experiments to run, in this order (empty: all of them).', 'pt-BR': 'Quais experimentos rodar, nesta ordem (vazio: todos).' },
      items: schema.enumeration({
        description: { en: 'An experiment.', 'pt-BR': 'Um experimento.' },
        choices: experimentNames,
        choiceDescriptions: {
          mobility: { en: 'Weak mobility (push, pull) and strong mobility (migration pushed and pulled, cloning).', 'pt-BR': 'Mobilidade fraca (envio, busca) e forte (migração enviada e buscada, clonagem).' },
          paradigms: { en: 'Client-server, remote evaluation, code on demand and mobile agent on the same task, over a sweep of data sizes and links.', 'pt-BR': 'Cliente-servidor, avaliação remota, código sob demanda e agente móvel na mesma tarefa, varrendo tamanhos de dados e enlaces.' },
          bindings: { en: 'A migrating process holding one resource per cell of the binding table, each handled by GR, MV, CP or RB.', 'pt-BR': 'Um processo que migra com um recurso por célula da tabela de vínculos, cada um tratado por GR, MV, CP ou RB.' },
          sandbox: { en: 'Hostile mobile agents against the receiving host’s sandbox.', 'pt-BR': 'Agentes móveis hostis contra a sandbox do hospedeiro que os recebe.' },
          heterogeneous: { en: 'Native code and abstract-machine code shipped to a host of another platform.', 'pt-BR': 'Código nativo e código de máquina abstrata enviados a um hospedeiro de outra plataforma.' },
        },
      }),
      maxItems: 5,
    }),
    hosts: schema.object({
      description: { en: 'The hosts and the native platform each declares. Host A is the client, B, C, … hold the data, the last one is the code server.', 'pt-BR': 'Os hospedeiros e a plataforma nativa que cada um declara. O hospedeiro A é o cliente, B, C, … guardam os dados, o último é o servidor de código.' },
      fields: {
        client: platform('Platform of host A (127.0.1.1), the client.', 'Plataforma do hospedeiro A (127.0.1.1), o cliente.', 'x86_64/little-endian'),
        data: schema.array({
          description: { en: 'Platforms of the data hosts B, C, … (each holds part of the orders). Empty: ppc64, aarch64, x86_64.', 'pt-BR': 'Plataformas dos hospedeiros de dados B, C, … (cada um guarda parte dos pedidos). Vazio: ppc64, aarch64, x86_64.' },
          items: platform('A data host’s platform.', 'A plataforma de um hospedeiro de dados.', 'ppc64/big-endian'),
          maxItems: 6,
        }),
        codeServer: platform('Platform of the code server (the last host).', 'Plataforma do servidor de código (o último hospedeiro).', 'riscv64/little-endian'),
      },
    }),
    paradigms: schema.object({
      description: { en: 'The task: the `top` largest orders among `records` orders spread over the data hosts’ databases.', 'pt-BR': 'A tarefa: os `top` maiores pedidos entre `records` pedidos espalhados pelos bancos de dados dos hospedeiros de dados.' },
      fields: {
        records: schema.array({
          description: { en: 'Data sizes of the sweep: total orders over all data hosts (empty: 30, 300, 3000, 30000).', 'pt-BR': 'Tamanhos de dados da varredura: total de pedidos em todos os hospedeiros de dados (vazio: 30, 300, 3000, 30000).' },
          items: schema.integer({ description: { en: 'Orders in all.', 'pt-BR': 'Pedidos no total.' }, minimum: 3, maximum: 600_000 }),
          maxItems: 8,
        }),
        top: schema.integer({ description: { en: 'How many of the largest orders the task returns.', 'pt-BR': 'Quantos dos maiores pedidos a tarefa devolve.' }, minimum: 1, maximum: 100, default: 10 }),
        links: schema.array({
          description: { en: 'Links of the sweep (empty: unlimited/0ms, 100Mbit/2ms, 10Mbit/10ms). Every host-to-host link gets the same shape.', 'pt-BR': 'Enlaces da varredura (vazio: unlimited/0ms, 100Mbit/2ms, 10Mbit/10ms). Todo enlace entre hospedeiros recebe a mesma forma.' },
          items: link('One link shape.', 'Uma forma de enlace.', '100Mbit', '2ms'),
          maxItems: 6,
        }),
        repeats: schema.integer({ description: { en: 'Runs of each paradigm at each point; the wall time is their median.', 'pt-BR': 'Execuções de cada paradigma em cada ponto; o tempo total é a mediana delas.' }, minimum: 1, maximum: 15, default: 3 }),
      },
    }),
    mobility: schema.object({
      description: { en: 'The program weak and strong mobility move: it fills its heap and mixes it for some rounds, then emits a checksum.', 'pt-BR': 'O programa que a mobilidade fraca e a forte movem: ele preenche o heap e o mistura por algumas rodadas, depois emite uma soma de verificação.' },
      fields: {
        heap: schema.size({ description: { en: 'Its heap (part of its execution segment), e.g. `1MiB`.', 'pt-BR': 'O heap dele (parte do segmento de execução), por exemplo `1MiB`.' }, minimumBytes: 4096, maximumBytes: 64 * 1024 * 1024, default: '1MiB' }),
        rounds: schema.integer({ description: { en: 'Mixing rounds: how long it computes.', 'pt-BR': 'Rodadas de mistura: quanto tempo ele calcula.' }, minimum: 1, maximum: 200, default: 12 }),
        migrateAfter: schema.duration({ description: { en: 'How long it runs on host A before it is stopped and moved (or cloned).', 'pt-BR': 'Quanto tempo ele roda no hospedeiro A antes de ser parado e movido (ou clonado).' }, minimumMs: 0, maximumMs: 60_000, default: '40ms' }),
        link: link('The link between the hosts during these moves.', 'O enlace entre os hospedeiros durante esses movimentos.', 'unlimited', '0ms'),
      },
    }),
    bindings: schema.object({
      description: { en: 'The migrating process of the binding table: it uses each resource at home, moves from A to B, and uses each again there.', 'pt-BR': 'O processo que migra na tabela de vínculos: usa cada recurso em casa, vai de A para B e usa cada um de novo lá.' },
      fields: {
        cells: schema.array({
          description: { en: 'The references it holds and the action for each (empty: every cell with the lecture’s recommended action).', 'pt-BR': 'As referências que ele guarda e a ação para cada uma (vazio: toda célula com a ação recomendada na aula).' },
          items: schema.object({
            description: { en: 'One reference: its binding, its resource’s attachment, and what to do with it at the move.', 'pt-BR': 'Uma referência: seu vínculo, a fixação do recurso, e o que fazer com ela na migração.' },
            fields: {
              binding: schema.enumeration({
                description: { en: 'Process-to-resource binding.', 'pt-BR': 'Vínculo processo-recurso.' },
                choices: bindings,
                choiceDescriptions: {
                  identifier: { en: 'It needs that very resource.', 'pt-BR': 'Precisa exatamente daquele recurso.' },
                  value: { en: 'It needs the resource’s value.', 'pt-BR': 'Precisa do valor do recurso.' },
                  type: { en: 'Any resource of the type will do.', 'pt-BR': 'Qualquer recurso do tipo serve.' },
                },
              }),
              attachment: schema.enumeration({
                description: { en: 'Resource-to-machine binding.', 'pt-BR': 'Vínculo recurso-máquina.' },
                choices: attachments,
                choiceDescriptions: {
                  unattached: { en: 'A file: easily moved.', 'pt-BR': 'Um arquivo: fácil de mover.' },
                  fastened: { en: 'A database: movable, at a cost.', 'pt-BR': 'Um banco de dados: pode ser movido, com custo.' },
                  fixed: { en: 'A device or socket endpoint: bound to its machine.', 'pt-BR': 'Um dispositivo ou endpoint de socket: preso à sua máquina.' },
                },
              }),
              action: schema.enumeration({
                description: { en: 'What happens to the reference at the move.', 'pt-BR': 'O que acontece com a referência na migração.' },
                choices: actions,
                choiceDescriptions: {
                  GR: { en: 'Global reference: the resource stays; the old host forwards the process’s calls.', 'pt-BR': 'Referência global: o recurso fica; o hospedeiro antigo encaminha as chamadas do processo.' },
                  MV: { en: 'Move the resource with the process.', 'pt-BR': 'Mover o recurso junto com o processo.' },
                  CP: { en: 'Copy the resource’s value to the new host.', 'pt-BR': 'Copiar o valor do recurso para o novo hospedeiro.' },
                  RB: { en: 'Rebind to a local resource of the same type.', 'pt-BR': 'Religar a um recurso local do mesmo tipo.' },
                },
              }),
            },
            required: ['binding', 'attachment', 'action'],
          }),
          maxItems: 36,
        }),
        accessesBefore: schema.integer({ description: { en: 'Accesses to each resource at home, before the move.', 'pt-BR': 'Acessos a cada recurso em casa, antes da migração.' }, minimum: 0, maximum: 100, default: 2 }),
        accessesAfter: schema.integer({ description: { en: 'Accesses to each resource after the move (checked and timed).', 'pt-BR': 'Acessos a cada recurso depois da migração (conferidos e cronometrados).' }, minimum: 1, maximum: 1_000, default: 10 }),
        link: link('The link between A and B.', 'O enlace entre A e B.', '100Mbit', '2ms'),
      },
    }),
    sandbox: schema.object({
      description: { en: 'How a host confines received code, and which hostile agents are sent to host B.', 'pt-BR': 'Como um hospedeiro confina o código recebido, e quais agentes hostis são enviados ao hospedeiro B.' },
      fields: {
        cpuBudget: schema.duration({ description: { en: 'CPU time a piece of received code may use (the host kills it beyond).', 'pt-BR': 'Tempo de CPU que um código recebido pode usar (o hospedeiro o mata além disso).' }, minimumMs: 50, maximumMs: 60_000, default: '2s' }),
        memoryLimit: schema.size({ description: { en: 'Resident memory a sandbox may reach (a sandboxed Node starts near 50-90 MiB).', 'pt-BR': 'Memória residente que uma sandbox pode atingir (um Node em sandbox começa perto de 50-90 MiB).' }, minimumBytes: 64 * 1024 * 1024, maximumBytes: 4 * 1024 ** 3, default: '256MiB' }),
        heapLimit: schema.size({ description: { en: 'V8 heap limit of a sandbox (--max-old-space-size).', 'pt-BR': 'Limite do heap do V8 de uma sandbox (--max-old-space-size).' }, minimumBytes: 16 * 1024 * 1024, maximumBytes: 4 * 1024 ** 3, default: '64MiB' }),
        attacks: schema.array({
          description: { en: 'Hostile agents to send (empty: all of them).', 'pt-BR': 'Agentes hostis a enviar (vazio: todos).' },
          items: schema.enumeration({
            description: { en: 'An attack.', 'pt-BR': 'Um ataque.' },
            choices: attackNames,
            choiceDescriptions: {
              'read-outside-grant': { en: 'Reads the host’s private files and a world-readable file outside its grant.', 'pt-BR': 'Lê arquivos privados do hospedeiro e um arquivo legível por todos fora da sua permissão.' },
              'open-socket': { en: 'Connects to listeners on the host, another host and the engine, and tries to listen.', 'pt-BR': 'Conecta a servidores no hospedeiro, em outro hospedeiro e no motor, e tenta escutar.' },
              'loop-forever': { en: 'Never stops computing.', 'pt-BR': 'Nunca para de calcular.' },
              'allocate-without-bound': { en: 'Fills V8’s heap without end.', 'pt-BR': 'Enche o heap do V8 sem fim.' },
              'allocate-outside-heap': { en: 'Allocates buffers (outside V8’s heap) without end.', 'pt-BR': 'Aloca buffers (fora do heap do V8) sem fim.' },
              'escape-to-host': { en: 'Starts a shell, a worker, an addon, kills the host, overwrites its database.', 'pt-BR': 'Inicia um shell, uma worker, um addon, mata o hospedeiro, sobrescreve o banco de dados dele.' },
            },
          }),
          maxItems: 6,
        }),
      },
    }),
  },
});

export type CodeMigrationScenario = ValueOf<typeof codeMigrationScenarioSchema>;
