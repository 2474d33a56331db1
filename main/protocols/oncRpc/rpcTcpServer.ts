// A server skeleton on a TCP port: every connection's calls go to the skeleton and its replies go
// back on the same connection. The server can call a client back on the connection the client
// opened (invalidations of a client's cache).
import { createServer, type Server } from 'node:net';
import { RpcConnection } from './rpcConnection.ts';
import type { ServerSkeleton } from './rpcSkeleton.ts';

export interface RpcServerConnection {
  readonly id: number;
  readonly remoteAddress: string;
  readonly rpc: RpcConnection;
}

export interface RpcTcpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  skeleton: ServerSkeleton<RpcServerConnection>;
  maximumConnections?: number;
  onConnection?: (connection: RpcServerConnection) => void;
  onClose?: (connection: RpcServerConnection) => void;
}

export class RpcTcpServer {
  private readonly options: RpcTcpServerOptions;
  private server: Server | undefined;
  readonly connections = new Set<RpcServerConnection>();
  private nextId = 1;
  port = 0;

  constructor(options: RpcTcpServerOptions) {
    this.options = options;
  }

  async start(): Promise<number> {
    const server = createServer({ noDelay: true }, (socket) => {
      const remoteAddress = socket.remoteAddress ?? '';
      let connection: RpcServerConnection;
      const rpc = new RpcConnection(socket, { onCall: (message) => this.options.skeleton.answer(message, connection, `${remoteAddress}:${socket.remotePort ?? 0}`) });
      connection = { id: this.nextId, remoteAddress, rpc };
      this.nextId += 1;
      socket.on('error', () => socket.destroy());
      this.connections.add(connection);
      this.options.onConnection?.(connection);
      void rpc.closed.then(() => {
        this.connections.delete(connection);
        this.options.onClose?.(connection);
      });
    });
    server.maxConnections = this.options.maximumConnections ?? 256;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.options.host, port: this.options.port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as { port: number }).port;
    return this.port;
  }

  async stop(): Promise<void> {
    for (const connection of this.connections) connection.rpc.close();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
