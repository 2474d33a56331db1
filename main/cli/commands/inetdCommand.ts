import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InetdConfigurationError, parseInetdConfiguration, type InetdEntry } from '../../engines/superserver/inetdConfiguration.ts';
import { Superserver, describeSuperserverEvent } from '../../engines/superserver/superserver.ts';
import { UsageError, exitCodes } from '../cliErrors.ts';
import { integerOption, stringOption, type Command } from '../commandLine.ts';

function readConfiguration(file: string): InetdEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const { entries, problems } = parseInetdConfiguration(text, dirname(resolve(file)));
  if (problems.length > 0) throw new InetdConfigurationError(file, problems);
  if (entries.length === 0) throw new UsageError(`${file} configures no service`);
  return entries;
}

function logLine(message: string): void {
  process.stderr.write(`${new Date().toISOString()} inetd: ${message}\n`);
}

export const inetdCommand: Command = {
  name: 'inetd',
  usage: 'proclab inetd --conf FILE [--port-offset N]',
  summary: 'Runs an inetd-style superserver on 127.0.0.1 from an inetd.conf file, in the foreground, until Ctrl+C.',
  help: `--conf FILE        inetd.conf: "service socket-type protocol wait|nowait[.max] user server-path [argv0 args]"
                   per line, service by name (services table) or port number, "internal" for
                   echo, discard, chargen, qotd, daytime and time; and optionally
                   "limits service/protocol instances=N per_source=N cps=RATE,WAIT only_from=ADDR[/BITS],..."
--port-offset N    adds N to every port so no root is needed (17000: echo 7 → 17007; default 0)

nowait: a handler process per connection, the connection as its stdin and stdout, started with
posix_spawn through native calls (Node's child_process where those cannot be made). wait: the
listening (tcp) or bound (udp) socket itself as stdin and stdout; the server accepts or reads by
itself and the port is not watched again until it exits. Handlers run as the user running proclab.

Every handler start, exit and refusal is logged on stderr. SIGHUP re-reads FILE without a
restart (a broken file is reported and the running configuration kept). Ctrl+C closes every port
and ends every running handler.`,
  options: { conf: { type: 'string' }, 'port-offset': { type: 'string' } },
  async run(parsed) {
    const file = stringOption(parsed, 'conf');
    if (file === undefined) throw new UsageError(`--conf FILE is required\nusage: ${this.usage}`);
    const portOffset = integerOption(parsed, 'port-offset', 0, 65_000) ?? 0;
    let entries: InetdEntry[];
    try {
      entries = readConfiguration(file);
    } catch (error) {
      if (!(error instanceof InetdConfigurationError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return exitCodes.badInput;
    }
    const superserver = new Superserver({ portOffset, onEvent: (event) => logLine(describeSuperserverEvent(event)) });
    await superserver.start(entries);
    logLine(`ready: ${entries.length} service(s) from ${file}${portOffset ? ` (port offset ${portOffset})` : ''}`);
    const reload = () => {
      try {
        const next = readConfiguration(file);
        void superserver.reload(next).then((summary) =>
          logLine(`reloaded ${file}: added [${summary.added.join(' ')}] removed [${summary.removed.join(' ')}] changed [${summary.changed.join(' ')}]`),
        );
      } catch (error) {
        logLine(`reload refused, keeping the running configuration:\n${(error as Error).message}`);
      }
    };
    process.on('SIGHUP', reload);
    await new Promise<void>((resolvePromise) => {
      process.once('SIGINT', resolvePromise);
      process.once('SIGTERM', resolvePromise);
    });
    process.off('SIGHUP', reload);
    logLine('stopping: closing every port and ending running handlers');
    await superserver.stop();
    return exitCodes.ok;
  },
};
