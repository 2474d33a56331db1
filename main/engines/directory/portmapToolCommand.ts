// `proclab portmap`: the lab's port mapper as a daemon, for rpcinfo and real ONC RPC servers. It
// stays a foreground command of its own: the directory scenario is an experiment in which
// proclab's own servers register, crash and leave while clients look them up; a bare daemon on
// the well-known port, kept until Ctrl+C, is none of that.
import { schema } from '../../scenario/schema.ts';
import type { ForegroundToolCommand } from '../toolCommand.ts';
import { PortmapDaemon } from './portmapDaemon.ts';

const protocolName = (protocol: number): string => (protocol === 6 ? 'tcp' : protocol === 17 ? 'udp' : String(protocol));

export const portmapToolCommand: ForegroundToolCommand = {
  kind: 'foreground',
  name: 'portmap',
  summary: 'Runs a port mapper (ONC RPC portmap version 2, RFC 1833) on 127.0.0.1 over TCP and UDP, in the foreground, until Ctrl+C.',
  options: schema.object({
    description: { en: 'proclab portmap', 'pt-BR': 'proclab portmap' },
    fields: {
      port: schema.integer({
        description: {
          en: 'Port on 127.0.0.1; 111 is the well-known sunrpc port, which needs root.',
          'pt-BR': 'Porta em 127.0.0.1; 111 é a porta bem conhecida do sunrpc, que exige root.',
        },
        minimum: 1,
        maximum: 65_535,
        default: 111,
      }),
      'soft-state': schema.integer({
        description: {
          en: 'Registrations lapse unless renewed within this many seconds (default: hard state, kept until UNSET).',
          'pt-BR': 'Os registros caducam se não forem renovados dentro deste número de segundos (padrão: estado rígido, mantido até o UNSET).',
        },
        minimum: 1,
        maximum: 86_400,
      }),
    },
  }),
  notes: `Debian's rpcinfo always asks port 111 first (even with -n), so to try it as a normal user run
both in a network namespace: unshare -rn sh -c '...'

Answers NULL, SET, UNSET, GETPORT and DUMP, so "rpcinfo -p 127.0.0.1" works when it owns port 111.
Every registration, removal and expiry is logged on stderr.`,
  async run(options, terminal) {
    const port = options.port as number;
    const softStateSeconds = options['soft-state'] as number | undefined;
    const daemon = new PortmapDaemon({
      port,
      softStateMs: softStateSeconds === undefined ? undefined : softStateSeconds * 1000,
      onEvent: (event) => {
        if (event.kind === 'set') terminal.log(`${event.renewed ? 'renewed' : 'SET'} program ${event.mapping.program} version ${event.mapping.version} ${protocolName(event.mapping.protocol)} port ${event.mapping.port}`);
        else if (event.kind === 'unset') terminal.log(`UNSET program ${event.program} version ${event.version} (${event.removed} mapping(s))`);
        else if (event.kind === 'expired') terminal.log(`expired program ${event.mapping.program} version ${event.mapping.version} ${protocolName(event.mapping.protocol)} port ${event.mapping.port} (not renewed)`);
        else terminal.log(`refused SET/UNSET from ${event.source} (only this machine may register)`);
      },
    });
    await daemon.start();
    terminal.log(`ready on 127.0.0.1:${daemon.port} tcp+udp (${softStateSeconds === undefined ? 'hard state' : `soft state, ${softStateSeconds} s`})`);
    await new Promise<void>((resolve) => {
      if (terminal.stopped.aborted) resolve();
      terminal.stopped.addEventListener('abort', () => resolve(), { once: true });
    });
    terminal.log('stopping');
    await daemon.stop();
    return true;
  },
};
