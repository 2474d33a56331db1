// The lab's servers on their own, in the foreground, for the peer tools a student would point at
// them: `proclab counter` is the counter server (the skeleton generated from counter.x), which
// rpcinfo can call once it is registered with a port mapper; `proclab inclass` is one of the
// in-class servers, to talk to with nc or curl and then kill. Each runs as the same child process
// the lab starts, until Ctrl+C.
import { schema } from '../../scenario/schema.ts';
import { entryModulePath, type EntryModule } from '../../platform/moduleEntry.ts';
import { forkChildProcess } from '../../toolkit/supervisedChild.ts';
import { within } from '../../toolkit/abortableWaits.ts';
import { ToolInputError, type ForegroundToolCommand, type ToolTerminal } from '../toolCommand.ts';
import { clientsStateEntryModules } from './clientsStateEntryModules.ts';
import { counterInterface } from './experiments/experimentTools.ts';

type ServerMessage = { kind: 'ready'; port: number; pid: number } | { kind: 'failed'; message: string } | { kind: 'reply' };

const port = (fallback: number) =>
  schema.integer({
    description: { en: 'Port on 127.0.0.1 (0 picks a free one).', 'pt-BR': 'Porta em 127.0.0.1 (0 escolhe uma livre).' },
    minimum: 0,
    maximum: 65_535,
    default: fallback,
  });

/** Starts the server process, says where it listens, and stops it cleanly when the terminal stops. */
async function serveInForeground(entry: EntryModule, name: string, config: Record<string, unknown>, terminal: ToolTerminal, describe: (port: number, pid: number) => string[]): Promise<boolean> {
  const child = forkChildProcess<ServerMessage, unknown, { port: number; pid: number }>(entryModulePath(entry), {
    name,
    args: [JSON.stringify(config)],
    fork: { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' },
    readyFrom: (message) => (message.kind === 'ready' ? { port: message.port, pid: message.pid } : undefined),
    failureFrom: (message) => (message.kind === 'failed' ? new Error(message.message) : undefined),
    stopMessage: { kind: 'leave' },
  });
  const ready = await within(child.ready, 15_000, terminal.stopped).catch((error: Error) => {
    throw new ToolInputError(`${name} did not start: ${error.message}`);
  });
  if (ready === undefined) {
    await child.kill();
    return terminal.stopped.aborted;
  }
  for (const line of describe(ready.port, ready.pid)) terminal.print(line);
  terminal.log(`ready on 127.0.0.1:${ready.port} (pid ${ready.pid}); Ctrl+C stops it, kill -9 ${ready.pid} crashes it`);
  const ended = await Promise.race([
    new Promise<'stopped'>((resolve) => {
      if (terminal.stopped.aborted) resolve('stopped');
      terminal.stopped.addEventListener('abort', () => resolve('stopped'), { once: true });
    }),
    child.failed.then(() => 'died' as const),
  ]);
  if (ended === 'died') {
    terminal.log(`the server process (pid ${ready.pid}) ended`);
    return false;
  }
  terminal.log('stopping');
  await child.stop(2_000);
  return true;
}

export const counterToolCommand: ForegroundToolCommand = {
  kind: 'foreground',
  name: 'counter',
  summary: 'Runs the lab’s counter server (ONC RPC program COUNTER from counter.x: NULL, ADD, GET) on 127.0.0.1 in the foreground, until Ctrl+C.',
  options: schema.object({
    description: { en: 'proclab counter', 'pt-BR': 'proclab counter' },
    fields: {
      port: port(0),
      portmap: schema.integer({
        description: {
          en: 'Registers (COUNTER, 1, tcp, port) with the port mapper on this port of 127.0.0.1, and unregisters on Ctrl+C.',
          'pt-BR': 'Registra (COUNTER, 1, tcp, porta) no port mapper nesta porta de 127.0.0.1, e remove o registro no Ctrl+C.',
        },
        minimum: 1,
        maximum: 65_535,
      }),
      'duplicate-table': schema.duration({
        description: {
          en: 'Answers retransmissions from a duplicate request table whose entries live this long (default: no table, every request runs).',
          'pt-BR': 'Responde retransmissões por uma tabela de pedidos duplicados cujas entradas vivem este tempo (padrão: sem tabela, todo pedido roda).',
        },
        minimumMs: 1,
        maximumMs: 3_600_000,
      }),
    },
  }),
  valueNames: { portmap: 'PORT', 'duplicate-table': 'TIME' },
  notes: `Try it with rpcinfo. Debian's rpcinfo always asks the port mapper on port 111 first, so as a
normal user run both in a network namespace:
  unshare -rn sh -c 'ip link set lo up; proclab portmap --port 111 & sleep 1;
    proclab counter --portmap 111 & sleep 1; rpcinfo -p 127.0.0.1; rpcinfo -t 127.0.0.1 536872209 1'`,
  async run(options, terminal) {
    const program = counterInterface().programs.find((candidate) => candidate.name === 'COUNTER')!.number;
    const portmapPort = options.portmap as number | undefined;
    const tableLifetimeMs = options['duplicate-table'] as number | undefined;
    const requestedPort = options.port as number;
    return serveInForeground(
      clientsStateEntryModules.counterServer,
      'counter server',
      {
        host: '127.0.0.1',
        port: requestedPort,
        ...(tableLifetimeMs === undefined ? {} : { duplicateTableLifetimeMs: tableLifetimeMs }),
        // Registered under the port it really listens on: the server learns it only once it listens.
        ...(portmapPort === undefined ? {} : { portmap: { port: portmapPort, advertisePort: requestedPort } }),
      },
      terminal,
      (listening, pid) => [
        `counter server (program ${program}, version 1) on 127.0.0.1:${listening} tcp, pid ${pid}, ${tableLifetimeMs === undefined ? 'no duplicate table' : `duplicate table, entries live ${tableLifetimeMs} ms`}${portmapPort === undefined ? '' : `, registered with the port mapper on port ${portmapPort}`}`,
      ],
    );
  },
};

export const inClassToolCommand: ForegroundToolCommand = {
  kind: 'foreground',
  name: 'inclass',
  summary: 'Runs one of the lab’s in-class servers on 127.0.0.1 in the foreground: connection (its state is the TCP connection) or last-page (a web server that remembers each client IP’s last page).',
  options: schema.object({
    description: { en: 'proclab inclass', 'pt-BR': 'proclab inclass' },
    fields: {
      kind: schema.enumeration({
        description: { en: 'Which server.', 'pt-BR': 'Qual servidor.' },
        choices: ['connection', 'last-page'],
        choiceDescriptions: {
          connection: { en: 'Answers each NEXT line with the next item of this connection’s count.', 'pt-BR': 'Responde cada linha NEXT com o próximo item da contagem desta conexão.' },
          'last-page': { en: 'GET /page remembers it for the client’s IP address; GET / sends it back.', 'pt-BR': 'GET /pagina a guarda para o endereço IP do cliente; GET / a devolve.' },
        },
      }),
      port: port(0),
    },
    required: ['kind'],
  }),
  notes: `Try it:
  proclab inclass --kind connection --port 7070 &   then   printf 'NEXT\\nNEXT\\nNEXT\\n' | nc -N 127.0.0.1 7070
  proclab inclass --kind last-page --port 8080 &    then   curl 127.0.0.1:8080/lecture; curl 127.0.0.1:8080/
Kill the server with kill -9 PID, start it again, and see what its clients lost.`,
  async run(options, terminal) {
    const kind = options.kind as 'connection' | 'last-page';
    return serveInForeground(clientsStateEntryModules.inClassServer, `${kind} server`, { kind, host: '127.0.0.1', port: options.port as number }, terminal, (listening, pid) => [
      `${kind} server on 127.0.0.1:${listening}, pid ${pid}`,
    ]);
  },
};

export const clientsStateToolCommands: readonly ForegroundToolCommand[] = [counterToolCommand, inClassToolCommand];
