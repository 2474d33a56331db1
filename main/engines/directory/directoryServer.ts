import { createServer } from 'node:net';
import { exitWithParent, sendToParent } from '../../platform/parentChannel.ts';
import { portmapClient } from '../../protocols/oncRpc/portmapClient.ts';
import { ipProtocol } from '../../protocols/oncRpc/portmapRegistry.ts';

// A lab server: listens on an ephemeral port, registers it with the port mapper, renews the
// registration when the daemon keeps soft state, and removes it when told to stop. Killed with
// SIGKILL, it cannot remove it: that is the point of the crash in the directory lab.
const [portmapPortText = '', programText = '', renewText = '0'] = process.argv.slice(2);
const daemon = { host: '127.0.0.1', port: Number(portmapPortText), transport: 'udp' as const };
const program = Number(programText);
const renewEveryMs = Number(renewText);

const server = createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.end(`program ${program} served by pid ${process.pid}\n`);
});

server.listen({ host: '127.0.0.1', port: 0 }, async () => {
  const port = (server.address() as { port: number }).port;
  const mapping = { program, version: 1, protocol: ipProtocol.tcp, port };
  const registered = await portmapClient.set(daemon, mapping);
  sendToParent({ kind: 'registered', port, registered });
  if (renewEveryMs > 0) setInterval(() => void portmapClient.set(daemon, mapping).catch(() => {}), renewEveryMs);
});

process.on('SIGTERM', async () => {
  await portmapClient.unset(daemon, program, 1).catch(() => false);
  process.exit(0);
});
exitWithParent();
