// The client end of one server address: opens a connection when a call needs one, keeps it for
// the calls that follow, and opens a new one after it broke (a server restart, a reset). Calls
// time out on their own; a channel can be pointed somewhere else (the server moved).
import { connect } from 'node:net';
import { RpcConnection } from './rpcConnection.ts';
import { RpcConnectionError, RpcTimeoutError } from './rpcErrors.ts';
import type { RpcCallRequest } from './rpcStub.ts';

export interface ChannelAddress {
  host: string;
  port: number;
}

export interface RpcChannelOptions {
  /** Answers calls the server makes back to this client on its connection. */
  onCall?: (message: Buffer) => Promise<Buffer | undefined> | Buffer | undefined;
  connectTimeoutMs?: number;
  /** The local address to connect from (another 127.x address is another client host). */
  localAddress?: string;
}

export class RpcChannel {
  private address: ChannelAddress;
  private readonly options: RpcChannelOptions;
  private connection: RpcConnection | undefined;
  private opening: Promise<RpcConnection> | undefined;
  private readonly disconnectListeners: ((error: RpcConnectionError) => void)[] = [];
  private closedForGood = false;
  private callHandler: RpcChannelOptions['onCall'];
  /** Connections opened so far (a reconnect after a crash is one more). */
  connectionsOpened = 0;

  constructor(address: ChannelAddress, options: RpcChannelOptions = {}) {
    this.address = address;
    this.options = options;
    this.callHandler = options.onCall;
  }

  /** Answers the calls the server makes back on this channel's connections from now on. */
  setCallHandler(handler: RpcChannelOptions['onCall']): void {
    this.callHandler = handler;
  }

  get target(): ChannelAddress {
    return this.address;
  }

  /** Where calls go from now on; the open connection is closed. */
  retarget(address: ChannelAddress): void {
    this.address = address;
    this.connection?.close();
    this.connection = undefined;
    this.opening = undefined;
  }

  onDisconnect(listener: (error: RpcConnectionError) => void): void {
    this.disconnectListeners.push(listener);
  }

  private open(timeoutMs: number): Promise<RpcConnection> {
    if (this.connection?.isOpen) return Promise.resolve(this.connection);
    if (this.opening !== undefined) return this.opening;
    const { host, port } = this.address;
    const opening = new Promise<RpcConnection>((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true, ...(this.options.localAddress === undefined ? {} : { localAddress: this.options.localAddress }) });
      const limit = Math.min(timeoutMs, this.options.connectTimeoutMs ?? timeoutMs);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RpcTimeoutError(`could not connect to ${host}:${port} within ${limit} ms`));
      }, limit);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        const connection = new RpcConnection(socket, { onCall: (message) => this.callHandler?.(message) });
        this.connectionsOpened += 1;
        void connection.closed.then((reason) => {
          if (this.connection === connection) this.connection = undefined;
          for (const listener of this.disconnectListeners) listener(reason);
        });
        if (this.closedForGood) connection.close();
        resolve(connection);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new RpcConnectionError(`cannot connect to ${host}:${port}: ${error.code ?? error.message}`, error.code ?? 'ECONNREFUSED'));
      });
    });
    this.opening = opening;
    const settle = (): void => {
      if (this.opening === opening) this.opening = undefined;
    };
    opening.then((connection) => {
      settle();
      this.connection = connection;
    }, settle);
    return opening;
  }

  /** Sends one call (connecting first if need be) and resolves with its reply within `timeoutMs`. */
  async send(call: RpcCallRequest, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
    if (this.closedForGood) throw new RpcConnectionError('the channel is closed', 'closed');
    const startedAt = performance.now();
    const connection = await this.open(timeoutMs);
    const left = Math.max(1, timeoutMs - (performance.now() - startedAt));
    return connection.call(call.xid, call.message, left, signal);
  }

  close(): void {
    this.closedForGood = true;
    this.connection?.close();
    this.connection = undefined;
  }
}
