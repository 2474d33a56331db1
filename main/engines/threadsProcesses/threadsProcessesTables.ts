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
          'os-thread': { en: 'OS thread: pthread_create + pthread_join (bare)', 'pt-BR': 'thread do SO: pthread_create + pthread_join (pura)' },
          'os-spawn': { en: 'OS process: posix_spawn + waitpid (bare)', 'pt-BR': 'processo do SO: posix_spawn + waitpid (puro)' },
          'os-fork': { en: 'OS process: fork + _exit + waitpid (bare)', 'pt-BR': 'processo do SO: fork + _exit + waitpid (puro)' },
        },
      },
      {
        path: 'layer',
        title: { en: 'Layer', 'pt-BR': 'Camada' },
        valueTexts: {
          'operating-system': { en: 'operating system', 'pt-BR': 'sistema operacional' },
          runtime: { en: 'JavaScript runtime on top of the OS', 'pt-BR': 'runtime JavaScript sobre o SO' },
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
    id: 'creation-compared',
    kind: 'values',
    title: { en: 'What the creation check compares', 'pt-BR': 'O que a verificação de criação compara' },
    record: 'creationCompared',
    values: [
      {
        path: 'layer',
        title: { en: 'Layer measured', 'pt-BR': 'Camada medida' },
        valueTexts: {
          'operating-system': { en: 'operating system (bare calls)', 'pt-BR': 'sistema operacional (chamadas puras)' },
          runtime: { en: 'JavaScript runtime (native calls unavailable)', 'pt-BR': 'runtime JavaScript (chamadas nativas indisponíveis)' },
        },
      },
      { path: 'threadKind', title: { en: 'Thread measured', 'pt-BR': 'Thread medida' } },
      { path: 'processKind', title: { en: 'Process measured', 'pt-BR': 'Processo medido' } },
      { path: 'threadP50Us', title: { en: 'Thread creation p50', 'pt-BR': 'Criação de thread p50' }, ...microseconds },
      { path: 'processP50Us', title: { en: 'Process creation p50', 'pt-BR': 'Criação de processo p50' }, ...microseconds },
      { path: 'processOverThread', title: { en: 'Process ÷ thread', 'pt-BR': 'Processo ÷ thread' }, unit: '×', format: { kind: 'fixed', digits: 1 } },
    ],
  },
  {
    id: 'operating-system',
    kind: 'values',
    title: { en: 'Native calls', 'pt-BR': 'Chamadas nativas' },
    // Where native calls cannot load, the record holds only `reason`, shown with the other values.
    record: 'operatingSystem',
    values: [
      { path: 'available', title: { en: 'Available', 'pt-BR': 'Disponíveis' } },
      { path: 'library', title: { en: 'C library', 'pt-BR': 'Biblioteca C' } },
      { path: 'program', title: { en: 'Program spawned', 'pt-BR': 'Programa lançado' } },
      { path: 'cpu', title: { en: 'Pinned to CPU', 'pt-BR': 'Fixado na CPU' }, ...count },
    ],
  },
  {
    id: 'context-switch',
    kind: 'list',
    title: { en: 'A byte passed through a pipe: the cost of a context switch', 'pt-BR': 'Um byte passado por um pipe: o custo de uma troca de contexto' },
    list: 'contextSwitch',
    repeats: ['contextSwitch.*.label'],
    columns: [
      {
        path: 'kind',
        title: { en: 'Between', 'pt-BR': 'Entre' },
        label: true,
        valueTexts: {
          thread: { en: 'two threads of one process, one CPU', 'pt-BR': 'duas threads de um processo, uma CPU' },
          process: { en: 'two processes, one CPU', 'pt-BR': 'dois processos, uma CPU' },
          none: { en: 'one thread, no switch (the same read and write)', 'pt-BR': 'uma thread, sem troca (as mesmas leituras e escritas)' },
        },
      },
      { path: 'hopP50Us', title: { en: 'One pass p50', 'pt-BR': 'Uma passagem p50' }, unit: 'µs', format: { kind: 'fixed', digits: 2 } },
      { path: 'hopMinUs', title: { en: 'min', 'pt-BR': 'mín.' }, unit: 'µs', format: { kind: 'fixed', digits: 2 } },
      { path: 'hopMaxUs', title: { en: 'max', 'pt-BR': 'máx.' }, unit: 'µs', format: { kind: 'fixed', digits: 2 } },
      { path: 'switchP50Us', title: { en: 'Switch alone (minus no-switch) p50', 'pt-BR': 'Só a troca (menos sem troca) p50' }, unit: 'µs', format: { kind: 'fixed', digits: 2 } },
      { path: 'runs', title: { en: 'Runs', 'pt-BR': 'Execuções' }, ...count },
      { path: 'roundTripsPerRun', title: { en: 'Round trips per run', 'pt-BR': 'Idas e voltas por execução' }, ...count },
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
