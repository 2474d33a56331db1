// The server architectures a scenario can name. Adding one: its name, description and
// characteristics here, its server in servers/, and its factory in servers/serverArchitectures.ts.

import type { LocalizedText } from '../../../preload/api.ts';

export const architectureNames = [
  'iterative',
  'thread-pool',
  'event-driven',
  'thread-per-request',
  'process-per-request',
  'prefork',
  'event-pool',
] as const;

export type ArchitectureName = (typeof architectureNames)[number];

/** What each architecture is, for completion in the scenario editor, in both UI languages. */
export const architectureDescriptionTexts: Record<ArchitectureName, LocalizedText> = {
  iterative: {
    en: 'One client at a time on one thread: other connections wait in the accept queue until the current one closes. Work blocks the whole server.',
    'pt-BR': 'Um cliente por vez, numa só thread: as outras conexões esperam na fila de aceitação até a atual fechar. O trabalho bloqueia o servidor inteiro.',
  },
  'thread-pool': {
    en: 'One event-loop thread accepts and parses; a fixed pool of worker threads does the work, fed through a bounded queue. Blocking work ties up one worker, not the server.',
    'pt-BR': 'Uma thread com laço de eventos aceita e interpreta; um pool fixo de threads trabalhadoras faz o trabalho, alimentado por uma fila limitada. Trabalho bloqueante prende uma trabalhadora, não o servidor.',
  },
  'event-driven': {
    en: 'One thread, one event loop, non-blocking I/O: waiting (io) costs no thread, but computation (cpu) or a blocking call stalls every client.',
    'pt-BR': 'Uma thread, um laço de eventos, E/S não bloqueante: esperar (io) não custa thread, mas computação (cpu) ou uma chamada bloqueante trava todos os clientes.',
  },
  'thread-per-request': {
    en: 'A dispatcher thread creates a new worker thread for every request, which does the work and ends: concurrency without a bound, paid with a thread start per request.',
    'pt-BR': 'Uma thread despachante cria uma thread trabalhadora nova para cada requisição, que faz o trabalho e termina: concorrência sem limite, paga com o início de uma thread por requisição.',
  },
  'process-per-request': {
    en: 'A new child process for every connection, handed the accepted socket (as inetd "nowait" does): separate address spaces, paid with a process start per connection.',
    'pt-BR': 'Um processo filho novo para cada conexão, que recebe o socket aceito (como faz o inetd com "nowait"): espaços de endereçamento separados, pagos com o início de um processo por conexão.',
  },
  prefork: {
    en: 'A pool of child processes started in advance (like Apache prefork); the parent accepts and hands each connection to an idle child, which serves it with blocking calls.',
    'pt-BR': 'Um pool de processos filhos iniciados de antemão (como o prefork do Apache); o pai aceita e passa cada conexão a um filho ocioso, que a atende com chamadas bloqueantes.',
  },
  'event-pool': {
    en: 'An event loop that waits without threads (io, files) and hands computation and blocking calls to a pool of worker threads (like Apache’s event MPM or nginx thread pools).',
    'pt-BR': 'Um laço de eventos que espera sem threads (io, arquivos) e passa computação e chamadas bloqueantes a um pool de threads trabalhadoras (como o MPM event do Apache ou os pools de threads do nginx).',
  },
};

/** The same descriptions in English, as the command line prints them. */
export const architectureDescriptions: Record<ArchitectureName, string> = Object.fromEntries(
  architectureNames.map((name) => [name, architectureDescriptionTexts[name].en]),
) as Record<ArchitectureName, string>;

/** A row of the lecture's table of server characteristics, filled in for one architecture. */
export interface ArchitectureCharacteristics {
  /** The lecture's row: single-threaded, multithreaded, multiprocess or finite state machine. */
  model: string;
  parallelism: string;
  systemCalls: string;
  dataSpace: string;
  /** Who handles a request, and what bounds how many are in service at once. */
  concurrency: string;
}

export const architectureCharacteristics: Record<ArchitectureName, ArchitectureCharacteristics> = {
  iterative: {
    model: 'single-threaded',
    parallelism: 'none',
    systemCalls: 'blocking',
    dataSpace: 'single',
    concurrency: 'one request at a time',
  },
  'thread-pool': {
    model: 'multithreaded',
    parallelism: 'yes (up to the pool size)',
    systemCalls: 'blocking',
    dataSpace: 'shared',
    concurrency: 'workers requests at a time; the rest queue (bounded)',
  },
  'event-driven': {
    model: 'finite state machine',
    parallelism: 'of waiting only (one core)',
    systemCalls: 'nonblocking',
    dataSpace: 'single',
    concurrency: 'any number waiting; one computing',
  },
  'thread-per-request': {
    model: 'multithreaded',
    parallelism: 'yes (unbounded)',
    systemCalls: 'blocking',
    dataSpace: 'shared',
    concurrency: 'one new thread per request (capped for safety)',
  },
  'process-per-request': {
    model: 'multiprocess',
    parallelism: 'yes (unbounded)',
    systemCalls: 'blocking',
    dataSpace: 'separate',
    concurrency: 'one new process per connection (capped for safety)',
  },
  prefork: {
    model: 'multiprocess',
    parallelism: 'yes (up to the pool size)',
    systemCalls: 'blocking',
    dataSpace: 'separate',
    concurrency: 'workers connections at a time; the rest wait unaccepted',
  },
  'event-pool': {
    model: 'finite state machine + multithreaded',
    parallelism: 'yes (waiting: unbounded; computing: pool size)',
    systemCalls: 'nonblocking in the loop, blocking in the pool',
    dataSpace: 'shared',
    concurrency: 'any number waiting; workers computing',
  },
};

/** Architectures that use the `workers` setting (pool size). */
export const pooledArchitectures: readonly ArchitectureName[] = ['thread-pool', 'prefork', 'event-pool'];
