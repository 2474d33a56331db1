import type { TableSpec } from '../../../preload/api.ts';

const microseconds = { unit: 'µs', format: { kind: 'fixed', digits: 1 } } as const;
const milliseconds = { unit: 'ms', format: { kind: 'fixed', digits: 2 } } as const;
const count = { format: { kind: 'integer' } } as const;

// Each list's `label` is the engine's English description of the row; the label column gives
// the same words in the reader's language, so `label` itself is not shown again.
export const threadsProcessesTables: readonly TableSpec[] = [
  {
    id: 'creation',
    kind: 'list',
    title: { en: 'Creating a task, a thread and a process', 'pt-BR': 'Criar uma tarefa, uma thread e um processo' },
    list: 'creation',
    repeats: ['creation.*.label'],
    columns: [
      {
        path: 'kind',
        title: { en: 'Kind', 'pt-BR': 'Tipo' },
        label: true,
        valueTexts: {
          task: { en: 'in-process task (setImmediate job)', 'pt-BR': 'tarefa dentro do processo (job de setImmediate)' },
          thread: { en: 'worker thread', 'pt-BR': 'worker thread' },
          process: { en: 'child process (fork)', 'pt-BR': 'processo filho (fork)' },
        },
      },
      { path: 'p50Us', title: { en: 'Until its first message p50', 'pt-BR': 'Até a primeira mensagem p50' }, ...microseconds },
      { path: 'p99Us', title: { en: 'p99', 'pt-BR': 'p99' }, ...microseconds },
      { path: 'maxUs', title: { en: 'max', 'pt-BR': 'máx.' }, ...microseconds },
      { path: 'meanUs', title: { en: 'mean', 'pt-BR': 'média' }, ...microseconds },
      { path: 'totalP50Us', title: { en: 'Until it has ended p50', 'pt-BR': 'Até terminar p50' }, ...microseconds },
      { path: 'totalP99Us', title: { en: 'p99', 'pt-BR': 'p99' }, ...microseconds },
      { path: 'count', title: { en: 'Measured', 'pt-BR': 'Medidos' }, ...count },
    ],
  },
  {
    id: 'round-trip',
    kind: 'list',
    title: { en: 'A message there and back', 'pt-BR': 'Uma mensagem de ida e volta' },
    list: 'roundTrip',
    repeats: ['roundTrip.*.label'],
    columns: [
      {
        path: 'channel',
        title: { en: 'Channel', 'pt-BR': 'Canal' },
        label: true,
        valueTexts: {
          'thread-message': { en: 'main thread ↔ worker thread (postMessage)', 'pt-BR': 'thread principal ↔ worker thread (postMessage)' },
          'process-message': { en: 'parent ↔ child process (IPC channel)', 'pt-BR': 'processo pai ↔ filho (canal IPC)' },
          'thread-shared-memory': { en: 'main thread ↔ worker thread (SharedArrayBuffer + Atomics)', 'pt-BR': 'thread principal ↔ worker thread (SharedArrayBuffer + Atomics)' },
        },
      },
      { path: 'messageBytes', title: { en: 'Message', 'pt-BR': 'Mensagem' }, format: { kind: 'bytes' } },
      { path: 'p50Us', title: { en: 'Round trip p50', 'pt-BR': 'Ida e volta p50' }, ...microseconds },
      { path: 'p99Us', title: { en: 'p99', 'pt-BR': 'p99' }, ...microseconds },
      { path: 'maxUs', title: { en: 'max', 'pt-BR': 'máx.' }, ...microseconds },
      { path: 'meanUs', title: { en: 'mean', 'pt-BR': 'média' }, ...microseconds },
      { path: 'count', title: { en: 'Round trips', 'pt-BR': 'Idas e voltas' }, ...count },
    ],
  },
  {
    id: 'blocking',
    kind: 'list',
    title: { en: 'A blocking call in a single-threaded server', 'pt-BR': 'Uma chamada bloqueante num servidor de uma só thread' },
    list: 'blocking',
    repeats: ['blocking.*.label'],
    columns: [
      {
        path: 'design',
        title: { en: 'Server design', 'pt-BR': 'Projeto do servidor' },
        label: true,
        valueTexts: {
          'event-loop': { en: 'one event loop: the handler blocks it', 'pt-BR': 'um laço de eventos: o tratador o bloqueia' },
          'worker-pool': { en: 'event loop + thread pool: a pool thread blocks', 'pt-BR': 'laço de eventos + pool de threads: uma thread do pool bloqueia' },
        },
      },
      { path: 'p50LatenessMs', title: { en: 'Tick lateness p50', 'pt-BR': 'Atraso do tick p50' }, ...milliseconds },
      { path: 'p99LatenessMs', title: { en: 'p99', 'pt-BR': 'p99' }, ...milliseconds },
      { path: 'maxLatenessMs', title: { en: 'max', 'pt-BR': 'máx.' }, ...milliseconds },
      { path: 'ticks', title: { en: 'Ticks', 'pt-BR': 'Ticks' }, ...count },
      { path: 'tickIntervalMs', title: { en: 'Tick due every', 'pt-BR': 'Tick devido a cada' }, ...milliseconds },
      { path: 'requests', title: { en: 'Blocking calls', 'pt-BR': 'Chamadas bloqueantes' }, ...count },
      { path: 'unservedRequests', title: { en: 'Never served', 'pt-BR': 'Nunca atendidas' }, ...count },
      { path: 'blockMs', title: { en: 'Each call asks', 'pt-BR': 'Cada chamada pede' }, ...milliseconds },
      { path: 'blockedMeanMs', title: { en: 'Mean time really blocked', 'pt-BR': 'Tempo médio bloqueado de fato' }, ...milliseconds },
      { path: 'responseMaxMs', title: { en: 'Slowest answer', 'pt-BR': 'Resposta mais lenta' }, ...milliseconds },
    ],
  },
];
