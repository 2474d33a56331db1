import { schema, type ValueOf } from '../../scenario/schema.ts';

const share = (en: string, pt: string, fallback: number) =>
  schema.number({ description: { en, 'pt-BR': pt }, minimum: 0, maximum: 0.9, default: fallback });

const enabled = (en: string, pt: string) => schema.boolean({ description: { en: `Run this part: ${en}`, 'pt-BR': `Executa esta parte: ${pt}` }, default: true });

export const clientsStateScenarioSchema = schema.object({
  description: {
    en: 'Clients and state: stubs generated from an interface (access transparency), client middleware over a seeded unreliable network (failure, replication and location transparency), idempotency under retries, and one file service in stateless, stateful and soft-state designs crashed mid-run. Servers are real processes; a crash is a real SIGKILL.',
    'pt-BR': 'Clientes e estado: stubs gerados de uma interface (transparência de acesso), middleware do cliente sobre uma rede não confiável com semente (transparência de falhas, de replicação e de localização), idempotência sob retransmissões, e um serviço de arquivos nos projetos stateless, stateful e soft state derrubado no meio da execução. Os servidores são processos reais; uma queda é um SIGKILL real.',
  },
  fields: {
    access: schema.object({
      description: {
        en: 'Access transparency: the same client code calls a local counter object and, through the generated stub, the counter server process.',
        'pt-BR': 'Transparência de acesso: o mesmo código cliente chama um objeto contador local e, pelo stub gerado, o processo servidor do contador.',
      },
      fields: {
        enabled: enabled('the same code on a local object and on the stub.', 'o mesmo código num objeto local e no stub.'),
        calls: schema.integer({ description: { en: 'Calls the client code makes on each (local and remote).', 'pt-BR': 'Chamadas que o código cliente faz em cada um (local e remoto).' }, minimum: 10, maximum: 20_000, default: 400 }),
      },
    }),
    idempotency: schema.object({
      description: {
        en: 'add(x, 1000) called over a link that loses replies; the client retries the same request. Once without and once with the server’s duplicate request table, over the same faults.',
        'pt-BR': 'add(x, 1000) chamado por um enlace que perde respostas; o cliente retransmite o mesmo pedido. Uma vez sem e uma vez com a tabela de pedidos duplicados do servidor, sob as mesmas falhas.',
      },
      fields: {
        enabled: enabled('idempotency under retries.', 'idempotência sob retransmissões.'),
        calls: schema.integer({ description: { en: 'add calls the client makes.', 'pt-BR': 'Chamadas de add que o cliente faz.' }, minimum: 5, maximum: 5_000, default: 100 }),
        replyLoss: share('Share of replies the network loses (server to client).', 'Fração das respostas que a rede perde (servidor para cliente).', 0.2),
        requestLoss: share('Share of requests the network loses (client to server).', 'Fração dos pedidos que a rede perde (cliente para servidor).', 0.05),
        duplicate: share('Share of requests the network delivers twice.', 'Fração dos pedidos que a rede entrega duas vezes.', 0.05),
        timeout: schema.duration({ description: { en: 'How long the client waits for a reply before it retries.', 'pt-BR': 'Quanto o cliente espera por uma resposta antes de retransmitir.' }, minimumMs: 10, maximumMs: 5_000, default: '150ms' }),
        retries: schema.integer({ description: { en: 'Retries per call before the client gives up.', 'pt-BR': 'Retransmissões por chamada antes de o cliente desistir.' }, minimum: 0, maximum: 20, default: 10 }),
        backoff: schema.duration({ description: { en: 'Wait before the first retry; it doubles with each one.', 'pt-BR': 'Espera antes da primeira retransmissão; dobra a cada uma.' }, minimumMs: 0, maximumMs: 2_000, default: '5ms' }),
        tableLifetime: schema.duration({
          description: { en: 'How long the duplicate table keeps a reply (its soft state); a retry later than that runs again.', 'pt-BR': 'Por quanto tempo a tabela de duplicados guarda uma resposta (seu soft state); uma retransmissão mais tardia é executada de novo.' },
          minimumMs: 50,
          maximumMs: 60_000,
          default: '1s',
        }),
      },
    }),
    policies: schema.object({
      description: {
        en: 'Client middleware policies on one workload of reads (get(x)) against replicas, in four phases: a slow replica, the primary crashed, every replica down, the primary moved to another port.',
        'pt-BR': 'Políticas do middleware do cliente numa mesma carga de leituras (get(x)) contra réplicas, em quatro fases: uma réplica lenta, a primária derrubada, todas as réplicas fora do ar, a primária mudou de porta.',
      },
      fields: {
        enabled: enabled('the client middleware policies.', 'as políticas do middleware do cliente.'),
        replicas: schema.integer({ description: { en: 'Counter server processes, each behind its own link.', 'pt-BR': 'Processos servidores do contador, cada um atrás do seu enlace.' }, minimum: 2, maximum: 5, default: 3 }),
        callsPerPhase: schema.integer({ description: { en: 'Reads the client makes in each phase.', 'pt-BR': 'Leituras que o cliente faz em cada fase.' }, minimum: 10, maximum: 2_000, default: 80 }),
        interval: schema.duration({
          description: { en: 'Time between the starts of two reads: they leave on this schedule whatever earlier reads are doing.', 'pt-BR': 'Tempo entre os inícios de duas leituras: elas partem nesse ritmo, independentemente do que as anteriores estejam fazendo.' },
          minimumMs: 1,
          maximumMs: 1_000,
          default: '8ms',
        }),
        timeout: schema.duration({ description: { en: 'How long one attempt waits for its reply.', 'pt-BR': 'Quanto uma tentativa espera pela sua resposta.' }, minimumMs: 10, maximumMs: 5_000, default: '1s' }),
        retries: schema.integer({ description: { en: 'Attempts after the first.', 'pt-BR': 'Tentativas depois da primeira.' }, minimum: 0, maximum: 10, default: 4 }),
        backoff: schema.duration({ description: { en: 'Wait before the first retry; it doubles with each one.', 'pt-BR': 'Espera antes da primeira retransmissão; dobra a cada uma.' }, minimumMs: 0, maximumMs: 2_000, default: '20ms' }),
        slowShare: share('Slow phase: share of the primary’s replies the network holds back.', 'Fase lenta: fração das respostas da primária que a rede atrasa.', 0.2),
        slowDelay: schema.duration({ description: { en: 'Slow phase: how long those replies are held back.', 'pt-BR': 'Fase lenta: quanto essas respostas são atrasadas.' }, minimumMs: 1, maximumMs: 2_000, default: '500ms' }),
        firstOf: schema.integer({ description: { en: 'first-of-k: replicas each read goes to.', 'pt-BR': 'first-of-k: réplicas a que cada leitura vai.' }, minimum: 2, maximum: 5, default: 2 }),
        crashOutage: schema.duration({ description: { en: 'Crash phase: how long the primary stays down before it is restarted.', 'pt-BR': 'Fase da queda: quanto tempo a primária fica fora do ar antes de ser reiniciada.' }, minimumMs: 10, maximumMs: 10_000, default: '200ms' }),
        allDownOutage: schema.duration({ description: { en: 'All-down phase: how long every replica stays down.', 'pt-BR': 'Fase com todas fora: quanto tempo todas as réplicas ficam fora do ar.' }, minimumMs: 10, maximumMs: 10_000, default: '400ms' }),
      },
    }),
    stateDesigns: schema.object({
      description: {
        en: 'One file service in three designs (stateless, stateful, soft state), one reader and one writer, the same workload; the server is killed after the steady phase and restarted.',
        'pt-BR': 'Um serviço de arquivos em três projetos (stateless, stateful, soft state), um leitor e um escritor, a mesma carga; o servidor é morto depois da fase estável e reiniciado.',
      },
      fields: {
        enabled: enabled('the three server designs and the crash.', 'os três projetos de servidor e a queda.'),
        files: schema.integer({ description: { en: 'Small files the reader reads again and again (open, read every block, close).', 'pt-BR': 'Arquivos pequenos que o leitor lê repetidamente (abre, lê todos os blocos, fecha).' }, minimum: 1, maximum: 64, default: 8 }),
        fileSize: schema.size({ description: { en: 'Size of each small file.', 'pt-BR': 'Tamanho de cada arquivo pequeno.' }, minimumBytes: 1024, maximumBytes: 1024 * 1024, default: '32KiB' }),
        streamSize: schema.size({ description: { en: 'A large file the reader streams through one open handle, a few blocks per round.', 'pt-BR': 'Um arquivo grande que o leitor percorre por um descritor aberto, alguns blocos por rodada.' }, minimumBytes: 64 * 1024, maximumBytes: 256 * 1024 * 1024, default: '4MiB' }),
        blockSize: schema.size({ description: { en: 'Bytes per read.', 'pt-BR': 'Bytes por leitura.' }, minimumBytes: 512, maximumBytes: 65_536, default: '4KiB' }),
        streamBlocksPerRound: schema.integer({ description: { en: 'Blocks of the large file read after each pass over the small files.', 'pt-BR': 'Blocos do arquivo grande lidos depois de cada passada pelos arquivos pequenos.' }, minimum: 1, maximum: 256, default: 8 }),
        writeEvery: schema.duration({ description: { en: 'How often the writer writes a new version of one small file.', 'pt-BR': 'De quanto em quanto tempo o escritor grava uma nova versão de um arquivo pequeno.' }, minimumMs: 10, maximumMs: 10_000, default: '100ms' }),
        steady: schema.duration({ description: { en: 'Steady phase before the crash (throughput and latency are measured in it).', 'pt-BR': 'Fase estável antes da queda (vazão e latência são medidas nela).' }, minimumMs: 200, maximumMs: 60_000, default: '1500ms' }),
        downtime: schema.duration({ description: { en: 'How long the server stays dead before it is restarted.', 'pt-BR': 'Quanto tempo o servidor fica morto antes de ser reiniciado.' }, minimumMs: 10, maximumMs: 10_000, default: '300ms' }),
        after: schema.duration({ description: { en: 'How long the clients go on after the restart.', 'pt-BR': 'Por quanto tempo os clientes continuam depois do reinício.' }, minimumMs: 200, maximumMs: 60_000, default: '1500ms' }),
        lease: schema.duration({ description: { en: 'Soft state: how long a client’s lease lasts (and the restarted server’s grace period).', 'pt-BR': 'Soft state: quanto dura a concessão (lease) de um cliente (e o período de carência do servidor reiniciado).' }, minimumMs: 50, maximumMs: 30_000, default: '500ms' }),
        readAhead: schema.size({ description: { en: 'Stateful designs: bytes the server reads from disk at once for an open handle.', 'pt-BR': 'Projetos com estado: bytes que o servidor lê do disco de uma vez para um descritor aberto.' }, minimumBytes: 512, maximumBytes: 1024 * 1024, default: '32KiB' }),
      },
    }),
    inClass: schema.object({
      description: {
        en: 'The lecture’s in-class questions, crashed: a server that keeps state in each TCP connection, and a web server that maps client IP addresses to the page each visited last.',
        'pt-BR': 'As perguntas de sala de aula, com queda: um servidor que guarda estado em cada conexão TCP, e um servidor web que associa endereços IP de clientes à última página que cada um visitou.',
      },
      fields: {
        enabled: enabled('the in-class servers.', 'os servidores das perguntas de sala de aula.'),
        downtime: schema.duration({ description: { en: 'How long each server stays dead.', 'pt-BR': 'Quanto tempo cada servidor fica morto.' }, minimumMs: 10, maximumMs: 5_000, default: '200ms' }),
      },
    }),
  },
});

export type ClientsStateScenario = ValueOf<typeof clientsStateScenarioSchema>;
export type IdempotencySettings = ClientsStateScenario['idempotency'];
export type PolicySettings = ClientsStateScenario['policies'];
export type StateDesignSettings = ClientsStateScenario['stateDesigns'];
