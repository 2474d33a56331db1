// The counter server: the skeleton generated from counter.x over TCP, optionally with a duplicate
// request table (at-most-once execution), optionally registered with the port mapper under the
// address clients reach it at. It counts how often ADD really ran, per request.
import { parseInterface } from '../../../protocols/oncRpc/interfaceLanguage.ts';
import { generateServerSkeleton, type CallContext } from '../../../protocols/oncRpc/rpcSkeleton.ts';
import { RpcTcpServer, type RpcServerConnection } from '../../../protocols/oncRpc/rpcTcpServer.ts';
import { DuplicateRequestTable } from '../../../protocols/oncRpc/duplicateRequestTable.ts';
import { portmapClient } from '../../../protocols/oncRpc/portmapClient.ts';
import { ipProtocol } from '../../../protocols/oncRpc/portmapRegistry.ts';
import { counterInterfaceText } from '../interfaces/counterInterface.ts';
import { answerEngine, sayFailed, sayReady, serverConfig } from './serverEntry.ts';

export interface CounterServerConfig {
  host: string;
  /** 0 picks a free port; a restarted server asks for the port it had. */
  port: number;
  /** With a duplicate request table whose entries live this long; without one when absent. */
  duplicateTableLifetimeMs?: number;
  /** Registers (COUNTER, 1, tcp) → advertisePort (0: the port it listens on) with the port mapper at this port. */
  portmap?: { port: number; advertisePort: number };
}

const config = serverConfig<CounterServerConfig>();
const definition = parseInterface(counterInterfaceText);
const values = new Map<string, number>();
const applications = new Map<string, number>();
let applied = 0;
const table = config.duplicateTableLifetimeMs === undefined ? undefined : new DuplicateRequestTable({ lifetimeMs: config.duplicateTableLifetimeMs });
const counterProgram = definition.programs.find((program) => program.name === 'COUNTER')!.number;

const skeleton = generateServerSkeleton<RpcServerConnection>(
  definition,
  [
    {
      program: 'COUNTER',
      version: 1,
      implementation: {
        add(name: string, amount: number, call: CallContext) {
          applied += 1;
          const request = `${call.callerKey}/${call.xid}`;
          applications.set(request, (applications.get(request) ?? 0) + 1);
          const value = (values.get(name) ?? 0) + amount;
          values.set(name, value);
          return value;
        },
        get(name: string) {
          return { value: values.get(name) ?? 0, servedAtMs: Date.now(), servedBy: process.pid };
        },
      },
    },
  ],
  { duplicateTable: table },
);

const server = new RpcTcpServer({ host: config.host, port: config.port, skeleton });
const portmap = config.portmap === undefined ? undefined : { host: '127.0.0.1', port: config.portmap.port, transport: 'udp' as const };

answerEngine(
  {
    stats: () => ({
      expired: table?.expire(),
      applied,
      distinctApplied: applications.size,
      calls: skeleton.statistics.calls,
      executed: skeleton.statistics.executed,
      duplicateTable: table?.report(),
      values: Object.fromEntries(values),
    }),
  },
  async () => {
    if (portmap !== undefined) await portmapClient.unset(portmap, counterProgram, 1).catch(() => false);
    await server.stop();
  },
);

async function listen(): Promise<void> {
  const port = await server.start();
  // Soft state forgets by itself, whether or not another request comes.
  if (table !== undefined && config.duplicateTableLifetimeMs !== undefined) setInterval(() => table.expire(), Math.max(10, config.duplicateTableLifetimeMs / 4)).unref();
  if (portmap !== undefined && config.portmap !== undefined) {
    // 0: the port it listens on (no proxy in front of it).
    const mapping = { program: counterProgram, version: 1, protocol: ipProtocol.tcp, port: config.portmap.advertisePort === 0 ? port : config.portmap.advertisePort };
    // A server restarted after a crash finds its old entry (hard state): the same port is fine.
    const registered = (await portmapClient.set(portmap, mapping)) || (await portmapClient.getPort(portmap, mapping)) === mapping.port;
    if (!registered) throw new Error(`the port mapper refused to register COUNTER version 1 at port ${config.portmap.advertisePort}`);
  }
  sayReady(port);
}

listen().catch(sayFailed);
