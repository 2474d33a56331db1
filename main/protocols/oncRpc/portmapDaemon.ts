import { createSocket, type Socket as DatagramSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { isLoopbackAddress } from './loopback.ts';
import { acceptStatus, acceptedReply, parseCall, programMismatchReply, recordMark, RecordDecoder, rpcMismatchReply, type RpcCall } from './oncRpcMessages.ts';
import { PortmapRegistry, portmapProgram, portmapVersion, type Mapping, type RegistryEvent } from './portmapRegistry.ts';
import { XdrWriter } from './xdr.ts';

const procedure = { null: 0, set: 1, unset: 2, getPort: 3, dump: 4 } as const;
const maximumRecordBytes = 64 * 1024;
/** An idle TCP client is dropped after this long, as rpcbind does, so sockets do not pile up. */
const idleConnectionMs = 30_000;
const maximumConnections = 128;

export interface PortmapDaemonOptions {
  host?: string;
  /** 111 is the port mapper's well-known port; 0 picks a free one (what the labs do). */
  port: number;
  softStateMs?: number;
  onEvent?: (event: RegistryEvent | { kind: 'refused-set'; source: string }) => void;
}

function readMapping(call: RpcCall): Mapping {
  const reader = call.arguments;
  return { program: reader.readUnsigned(), version: reader.readUnsigned(), protocol: reader.readUnsigned(), port: reader.readUnsigned() };
}

/**
 * The port mapper (ONC RPC program 100000, version 2, RFC 1833) on one port over both TCP (with
 * record marking) and UDP, so Debian's rpcinfo and any ONC RPC client can ask it.
 */
export class PortmapDaemon {
  readonly registry: PortmapRegistry;
  private readonly options: PortmapDaemonOptions;
  private server: Server | undefined;
  private datagramSocket: DatagramSocket | undefined;
  private readonly connections = new Set<Socket>();
  private expiryTimer: NodeJS.Timeout | undefined;
  port = 0;

  constructor(options: PortmapDaemonOptions) {
    this.options = options;
    this.registry = new PortmapRegistry({ softStateMs: options.softStateMs, onEvent: (event) => options.onEvent?.(event) });
  }

  /** Answers one call; `source` decides whether SET and UNSET are allowed (only from this machine). */
  answer(message: Buffer, source: string): Buffer | undefined {
    const parsed = parseCall(message);
    if (!parsed.ok) {
      if (parsed.rpcVersionMismatch && parsed.xid !== undefined) return rpcMismatchReply(parsed.xid);
      return parsed.xid === undefined ? undefined : acceptedReply(parsed.xid, acceptStatus.garbageArguments);
    }
    const { call } = parsed;
    if (call.program !== portmapProgram) return acceptedReply(call.xid, acceptStatus.programUnavailable);
    // rpcinfo tries rpcbind versions 4 and 3 first; PROG_MISMATCH tells it to fall back to 2.
    if (call.version !== portmapVersion) return programMismatchReply(call.xid, portmapVersion, portmapVersion);
    try {
      switch (call.procedure) {
        case procedure.null:
          return acceptedReply(call.xid, acceptStatus.success);
        case procedure.set:
        case procedure.unset: {
          const mapping = readMapping(call);
          // rpcbind lets only local callers change the table; the whole lab is on loopback.
          if (!isLoopbackAddress(source)) {
            this.options.onEvent?.({ kind: 'refused-set', source });
            return acceptedReply(call.xid, acceptStatus.success, new XdrWriter().writeBoolean(false).toBuffer());
          }
          const done = call.procedure === procedure.set ? this.registry.set(mapping) : this.registry.unset(mapping.program, mapping.version);
          return acceptedReply(call.xid, acceptStatus.success, new XdrWriter().writeBoolean(done).toBuffer());
        }
        case procedure.getPort:
          return acceptedReply(call.xid, acceptStatus.success, new XdrWriter().writeUnsigned(this.registry.getPort(readMapping(call))).toBuffer());
        case procedure.dump: {
          const writer = new XdrWriter();
          // pmaplist is an XDR optional-data list: 1 + mapping for each entry, then 0.
          for (const mapping of this.registry.dump()) writer.writeBoolean(true).writeUnsigned(mapping.program).writeUnsigned(mapping.version).writeUnsigned(mapping.protocol).writeUnsigned(mapping.port);
          writer.writeBoolean(false);
          return acceptedReply(call.xid, acceptStatus.success, writer.toBuffer());
        }
        default:
          // CALLIT (5) is not offered: it would make this daemon forward calls for anyone.
          return acceptedReply(call.xid, acceptStatus.procedureUnavailable);
      }
    } catch {
      return acceptedReply(call.xid, acceptStatus.garbageArguments);
    }
  }

  async start(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    const server = createServer((socket) => this.onConnection(socket));
    server.maxConnections = maximumConnections;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: this.options.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as { port: number }).port;
    const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    this.datagramSocket = socket;
    socket.on('message', (message, remote) => {
      const reply = this.answer(message, remote.address);
      if (reply !== undefined) socket.send(reply, remote.port, remote.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: host, port: this.port, exclusive: true }, () => {
        socket.off('error', reject);
        socket.on('error', () => {});
        resolve();
      });
    }).catch(async (error: Error) => {
      await this.stop();
      throw new Error(`port mapper cannot use UDP port ${this.port}: ${error.message}`);
    });
    this.registry.registerSelf(this.port);
    if (this.options.softStateMs !== undefined) {
      // Lapsed entries are also dropped on every lookup; the timer makes expiry visible without one.
      this.expiryTimer = setInterval(() => this.registry.expire(), Math.max(50, Math.min(1_000, this.options.softStateMs / 4)));
    }
  }

  private onConnection(socket: Socket): void {
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(idleConnectionMs, () => socket.destroy());
    const decoder = new RecordDecoder(maximumRecordBytes);
    socket.on('data', (chunk: Buffer) => {
      let records: Buffer[];
      try {
        records = decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const record of records) {
        const reply = this.answer(record, socket.remoteAddress ?? '');
        if (reply !== undefined) socket.write(recordMark(reply));
      }
    });
  }

  async stop(): Promise<void> {
    if (this.expiryTimer !== undefined) clearInterval(this.expiryTimer);
    for (const connection of this.connections) connection.destroy();
    const server = this.server;
    const socket = this.datagramSocket;
    this.server = undefined;
    this.datagramSocket = undefined;
    await Promise.all([
      server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined,
      socket ? new Promise<void>((resolve) => socket.close(() => resolve())) : undefined,
    ]);
  }
}
