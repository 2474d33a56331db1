// `proclab inetd`: the lab's superserver as a daemon, from an inetd.conf of the user's. It stays a
// foreground command of its own: the superserver scenario describes a measured experiment
// (first-byte latency, a burst under limits) and has no place for a configuration file naming
// arbitrary server programs, nor for re-reading one on SIGHUP.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { schema } from '../../scenario/schema.ts';
import { ToolInputError, type ForegroundToolCommand } from '../toolCommand.ts';
import { InetdConfigurationError, parseInetdConfiguration, type InetdEntry } from './inetdConfiguration.ts';
import { Superserver, describeSuperserverEvent } from './superserver.ts';

function readConfiguration(file: string): InetdEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ToolInputError(`proclab inetd: cannot read ${file}: ${(error as Error).message}`);
  }
  const { entries, problems } = parseInetdConfiguration(text, dirname(resolve(file)));
  if (problems.length > 0) throw new ToolInputError(new InetdConfigurationError(file, problems).message);
  if (entries.length === 0) throw new ToolInputError(`proclab inetd: ${file} configures no service`);
  return entries;
}

export const inetdToolCommand: ForegroundToolCommand = {
  kind: 'foreground',
  name: 'inetd',
  summary: 'Runs an inetd-style superserver on 127.0.0.1 from an inetd.conf file, in the foreground, until Ctrl+C.',
  options: schema.object({
    description: { en: 'proclab inetd', 'pt-BR': 'proclab inetd' },
    required: ['conf'],
    fields: {
      conf: schema.string({
        description: {
          en: 'inetd.conf: "service socket-type protocol wait|nowait[.max] user server-path [argv0 args]" per line, service by name (services table) or port number, "internal" for echo, discard, chargen, qotd, daytime and time; and optionally "limits service/protocol instances=N per_source=N cps=RATE,WAIT only_from=ADDR[/BITS],...".',
          'pt-BR':
            'inetd.conf: uma linha "serviço tipo-de-socket protocolo wait|nowait[.max] usuário caminho-do-servidor [argv0 args]" por serviço, o serviço pelo nome (tabela de serviços) ou pelo número da porta, "internal" para echo, discard, chargen, qotd, daytime e time; e, se quiser, "limits serviço/protocolo instances=N per_source=N cps=TAXA,ESPERA only_from=ENDEREÇO[/BITS],...".',
        },
      }),
      'port-offset': schema.integer({
        description: {
          en: 'Adds N to every port so no root is needed (17000: echo 7 → 17007).',
          'pt-BR': 'Soma N a cada porta para dispensar o root (17000: echo 7 → 17007).',
        },
        minimum: 0,
        maximum: 65_000,
        default: 0,
      }),
    },
  }),
  valueNames: { conf: 'FILE' },
  notes: `nowait: a handler process per connection, the connection as its stdin and stdout, started with
posix_spawn through native calls (Node's child_process where those cannot be made). wait: the
listening (tcp) or bound (udp) socket itself as stdin and stdout; the server accepts or reads by
itself and the port is not watched again until it exits. Handlers run as the user running proclab.

Every handler start, exit and refusal is logged on stderr. SIGHUP re-reads FILE without a
restart (a broken file is reported and the running configuration kept). Ctrl+C closes every port
and ends every running handler.`,
  async run(options, terminal) {
    const file = options.conf as string;
    const portOffset = options['port-offset'] as number;
    const entries = readConfiguration(file);
    const superserver = new Superserver({ portOffset, onEvent: (event) => terminal.log(describeSuperserverEvent(event)) });
    await superserver.start(entries);
    terminal.log(`ready: ${entries.length} service(s) from ${file}${portOffset ? ` (port offset ${portOffset})` : ''}`);
    const stopListening = terminal.onHangUp(() => {
      try {
        const next = readConfiguration(file);
        void superserver.reload(next).then((summary) =>
          terminal.log(`reloaded ${file}: added [${summary.added.join(' ')}] removed [${summary.removed.join(' ')}] changed [${summary.changed.join(' ')}]`),
        );
      } catch (error) {
        terminal.log(`reload refused, keeping the running configuration:\n${(error as Error).message}`);
      }
    });
    await new Promise<void>((resolvePromise) => {
      if (terminal.stopped.aborted) resolvePromise();
      terminal.stopped.addEventListener('abort', () => resolvePromise(), { once: true });
    });
    stopListening();
    terminal.log('stopping: closing every port and ending running handlers');
    await superserver.stop();
    return true;
  },
};
