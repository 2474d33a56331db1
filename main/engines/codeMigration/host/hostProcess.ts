// A host: its own OS process on its own loopback address (127.0.1.N), with its own resources and
// sandboxes, talking to the other hosts over TCP. The engine starts it, tells it where its peers'
// links are and which experiments to run, and reads back what happened.
import { bindingsOnHost } from './bindingsOnHost.ts';
import type { FromHost, HostConfig, HostRequest } from './hostMessages.ts';
import { HostRuntime } from './hostRuntime.ts';
import { mobilityOnHost } from './mobilityOnHost.ts';
import { nativeCodeOnHost } from './nativeCodeOnHost.ts';
import { paradigmsOnHost } from './paradigmsOnHost.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as HostConfig;
const send = (message: FromHost): void => {
  if (process.connected) process.send!(message);
};

const { runtime, port } = await HostRuntime.start(config, send);
paradigmsOnHost(runtime);
mobilityOnHost(runtime);
bindingsOnHost(runtime);
nativeCodeOnHost(runtime);

runtime.commands.set('peers', async (args) => {
  runtime.peers.setPeers(args.peers as Parameters<typeof runtime.peers.setPeers>[0]);
  return true;
});
runtime.commands.set('settle', async () => {
  await runtime.pool.settle();
  return true;
});
runtime.commands.set('counters', async () => ({ framesSent: runtime.peers.framesSent, bytesSent: runtime.peers.bytesSent, sandboxPids: runtime.pool.livePids }));
runtime.commands.set('ping', async () => {
  let orders = -1;
  try {
    orders = runtime.resources.ordersCount;
  } catch {
    // Its orders database has moved away (the binding experiment may move it).
  }
  return { host: config.name, pid: process.pid, orders, printerJobs: runtime.resources.printer.jobs, endpointConnections: runtime.resources.endpointConnections };
});

let shuttingDown = false;
async function shutDown(): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    await runtime.close().catch(() => undefined);
  }
  process.exit(0);
}
runtime.commands.set('shutdown', async () => {
  setImmediate(() => void shutDown());
  return true;
});

process.on('message', (message: HostRequest) => {
  if (message?.kind !== 'request') return;
  const handler = runtime.commands.get(message.command);
  if (handler === undefined) return send({ kind: 'reply', id: message.id, ok: false, error: `host ${config.name} has no command ${message.command}` });
  handler(message.args ?? {}).then(
    (value) => send({ kind: 'reply', id: message.id, ok: true, value }),
    (error: unknown) => send({ kind: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The engine is gone: release everything rather than serve nobody.
process.on('disconnect', () => void shutDown());
process.on('SIGTERM', () => void shutDown());
send({ kind: 'ready', port, endpointPort: runtime.resources.endpointPort, pid: process.pid });
