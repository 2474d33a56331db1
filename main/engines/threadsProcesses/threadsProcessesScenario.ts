import { schema, type ValueOf } from '../../scenario/schema.ts';

export const threadsProcessesScenarioSchema = schema.object({
  description: {
    en: 'Measures on this machine what the lecture claims about threads and processes: what creating each costs, what a message between them costs, and what one blocking call does to a single-threaded event loop versus a thread pool.',
    'pt-BR': 'Mede nesta máquina o que a aula afirma sobre threads e processos: quanto custa criar cada um, quanto custa uma mensagem entre eles, e o que uma chamada bloqueante faz a um laço de eventos de uma só thread comparado a um pool de threads.',
  },
  fields: {
    creation: schema.object({
      description: {
        en: 'Creates an in-process task, a worker thread and a child process again and again, one at a time, and times each from the creating call until its first message arrives.',
        'pt-BR': 'Cria uma tarefa dentro do processo, uma worker thread e um processo filho repetidas vezes, um por vez, e cronometra cada um da chamada que o cria até a chegada da sua primeira mensagem.',
      },
      fields: {
        repetitions: schema.integer({
          description: {
            en: 'How many of each kind are created and measured (after one unmeasured warm-up creation of each).',
            'pt-BR': 'Quantos de cada tipo são criados e medidos (depois de uma criação de aquecimento de cada, que não é medida).',
          },
          minimum: 1,
          maximum: 500,
          default: 30,
        }),
      },
    }),
    operatingSystem: schema.object({
      description: {
        en: 'The same questions asked of the operating system alone, through native calls (koffi) in a helper process: create and reap a bare thread and a bare process, and pass a byte between two threads and between two processes. Where native calls cannot be made, the run says why and the checks use the runtime-level numbers.',
        'pt-BR': 'As mesmas perguntas feitas só ao sistema operacional, por chamadas nativas (koffi) num processo auxiliar: criar e recolher uma thread e um processo puros, e passar um byte entre duas threads e entre dois processos. Onde chamadas nativas não são possíveis, a execução diz por quê e as verificações usam os números do nível do runtime.',
      },
      fields: {
        repetitions: schema.integer({
          description: {
            en: 'How many bare threads (pthread_create + pthread_join), spawned processes (posix_spawn of /bin/true + waitpid) and forked processes (fork + _exit + waitpid) are created and measured, one of each kind per round.',
            'pt-BR': 'Quantas threads puras (pthread_create + pthread_join), processos lançados (posix_spawn de /bin/true + waitpid) e processos bifurcados (fork + _exit + waitpid) são criados e medidos, um de cada tipo por rodada.',
          },
          minimum: 1,
          maximum: 5000,
          default: 300,
        }),
        pingPongRuns: schema.integer({
          description: {
            en: 'How many times a byte is bounced between two threads, between two processes and through one thread alone (no switch), interleaved.',
            'pt-BR': 'Quantas vezes um byte é rebatido entre duas threads, entre dois processos e por uma thread sozinha (sem troca), intercalados.',
          },
          minimum: 1,
          maximum: 200,
          default: 15,
        }),
        pingPongRoundTrips: schema.integer({
          description: {
            en: 'Round trips of the byte in each run; both sides run native code pinned to one CPU, so each pass is one context switch.',
            'pt-BR': 'Idas e voltas do byte em cada execução; os dois lados rodam código nativo fixado numa CPU, então cada passagem é uma troca de contexto.',
          },
          minimum: 10,
          maximum: 100_000,
          default: 2000,
        }),
      },
    }),
    roundTrip: schema.object({
      description: {
        en: 'Sends a message and waits for the echo, again and again: main thread ↔ worker thread (postMessage), parent ↔ child process (IPC channel), and main thread ↔ worker thread through shared memory.',
        'pt-BR': 'Envia uma mensagem e espera o eco, repetidas vezes: thread principal ↔ worker thread (postMessage), processo pai ↔ filho (canal IPC), e thread principal ↔ worker thread por memória compartilhada.',
      },
      fields: {
        roundTrips: schema.integer({
          description: {
            en: 'How many round trips are measured on each channel (after a short unmeasured warm-up).',
            'pt-BR': 'Quantas idas e voltas são medidas em cada canal (depois de um aquecimento curto, que não é medido).',
          },
          minimum: 1,
          maximum: 100_000,
          default: 2000,
        }),
        messageSize: schema.size({
          description: {
            en: 'Size of each message, e.g. `64B` or `64KiB`. The echo carries the same bytes back.',
            'pt-BR': 'Tamanho de cada mensagem, por exemplo `64B` ou `64KiB`. O eco traz os mesmos bytes de volta.',
          },
          minimumBytes: 1,
          maximumBytes: 1024 * 1024,
          default: '64B',
        }),
        sharedMemory: schema.boolean({
          description: {
            en: 'Also measure the round trip through a SharedArrayBuffer and Atomics.wait/notify: possible between threads (one address space), impossible between processes.',
            'pt-BR': 'Também mede a ida e volta por um SharedArrayBuffer com Atomics.wait/notify: possível entre threads (um só espaço de endereçamento), impossível entre processos.',
          },
          default: true,
        }),
      },
    }),
    blocking: schema.object({
      description: {
        en: 'A single-threaded server runs a periodic tick (its other clients) while requests arrive whose handler makes a blocking call; first the handler blocks the event loop itself, then it hands the call to a pool of worker threads.',
        'pt-BR': 'Um servidor de uma só thread executa um tick periódico (seus outros clientes) enquanto chegam requisições cujo tratador faz uma chamada bloqueante; primeiro o tratador bloqueia o próprio laço de eventos, depois passa a chamada a um pool de threads trabalhadoras.',
      },
      fields: {
        duration: schema.duration({
          description: { en: 'How long each design is watched, e.g. `2s`.', 'pt-BR': 'Por quanto tempo cada projeto é observado, por exemplo `2s`.' },
          minimumMs: 200,
          maximumMs: 30_000,
          default: '2s',
        }),
        tickInterval: schema.duration({
          description: {
            en: 'One tick is due this often; its lateness is how long after its due time it really ran.',
            'pt-BR': 'Um tick é devido com esta frequência; seu atraso é quanto tempo depois do horário previsto ele realmente rodou.',
          },
          minimumMs: 1,
          maximumMs: 1000,
          default: '5ms',
        }),
        blockingCall: schema.duration({
          description: {
            en: 'How long each blocking call keeps its thread asleep, e.g. `100ms`.',
            'pt-BR': 'Por quanto tempo cada chamada bloqueante deixa sua thread dormindo, por exemplo `100ms`.',
          },
          minimumMs: 1,
          maximumMs: 2000,
          default: '100ms',
        }),
        requestEvery: schema.duration({
          description: {
            en: 'A request with a blocking call arrives this often (the first one after this long).',
            'pt-BR': 'Uma requisição com chamada bloqueante chega com esta frequência (a primeira depois deste tempo).',
          },
          minimumMs: 10,
          maximumMs: 10_000,
          default: '400ms',
        }),
        poolSize: schema.integer({
          description: {
            en: 'Threads in the pool of the worker-pool design, started before the watch begins.',
            'pt-BR': 'Threads no pool do projeto worker-pool, iniciadas antes de a observação começar.',
          },
          minimum: 1,
          maximum: 16,
          default: 2,
        }),
      },
    }),
  },
});

export type ThreadsProcessesScenario = ValueOf<typeof threadsProcessesScenarioSchema>;
