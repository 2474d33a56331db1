import { PortmapDaemon } from '../../protocols/oncRpc/portmapDaemon.ts';
import { exitCodes } from '../cliErrors.ts';
import { integerOption, type Command } from '../commandLine.ts';

function logLine(message: string): void {
  process.stderr.write(`${new Date().toISOString()} portmap: ${message}\n`);
}

export const portmapCommand: Command = {
  name: 'portmap',
  usage: 'proclab portmap [--port P] [--soft-state SECONDS]',
  summary: 'Runs a port mapper (ONC RPC portmap version 2, RFC 1833) on 127.0.0.1 over TCP and UDP, in the foreground, until Ctrl+C.',
  help: `--port P              port on 127.0.0.1 (default 111, the well-known sunrpc port, which needs root).
                      Debian's rpcinfo always asks port 111 first (even with -n), so to try it as a
                      normal user run both in a network namespace: unshare -rn sh -c '...'
--soft-state SECONDS  registrations lapse unless renewed within SECONDS (default: hard state, kept until UNSET)

Answers NULL, SET, UNSET, GETPORT and DUMP, so "rpcinfo -p 127.0.0.1" works when it owns port 111.
Every registration, removal and expiry is logged on stderr.`,
  options: { port: { type: 'string' }, 'soft-state': { type: 'string' } },
  async run(parsed) {
    const port = integerOption(parsed, 'port', 1, 65535) ?? 111;
    const softStateSeconds = integerOption(parsed, 'soft-state', 1, 86_400);
    const protocolName = (protocol: number) => (protocol === 6 ? 'tcp' : protocol === 17 ? 'udp' : String(protocol));
    const daemon = new PortmapDaemon({
      port,
      softStateMs: softStateSeconds === undefined ? undefined : softStateSeconds * 1000,
      onEvent: (event) => {
        if (event.kind === 'set') logLine(`${event.renewed ? 'renewed' : 'SET'} program ${event.mapping.program} version ${event.mapping.version} ${protocolName(event.mapping.protocol)} port ${event.mapping.port}`);
        else if (event.kind === 'unset') logLine(`UNSET program ${event.program} version ${event.version} (${event.removed} mapping(s))`);
        else if (event.kind === 'expired') logLine(`expired program ${event.mapping.program} version ${event.mapping.version} ${protocolName(event.mapping.protocol)} port ${event.mapping.port} (not renewed)`);
        else logLine(`refused SET/UNSET from ${event.source} (only this machine may register)`);
      },
    });
    await daemon.start();
    logLine(`ready on 127.0.0.1:${daemon.port} tcp+udp (${softStateSeconds === undefined ? 'hard state' : `soft state, ${softStateSeconds} s`})`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    logLine('stopping');
    await daemon.stop();
    return exitCodes.ok;
  },
};
