import { connect, type Socket } from 'node:net';
import { SocketTraffic } from './socketTraffic.ts';

/**
 * An application server's connection to the data tier: queries go out as lines on one kept-open
 * connection and are matched to their answers by id. A broken connection fails the queries in
 * flight and the next query opens a new one.
 */
export class DataClient {
  private socket: Socket | undefined;
  private pending = '';
  private nextId = 1;
  private readonly waiting = new Map<number, (value: string | undefined, error?: Error) => void>();

  /** Bytes this server sent to and got from the data tier, by its own sockets' counts. */
  readonly traffic = new SocketTraffic();
  private readonly host: string;
  private readonly port: number;

  constructor(host: string, port: number) {
    this.host = host;
    this.port = port;
  }

  query(key: string, answer: (value: string | undefined, error?: Error) => void): void {
    const id = this.nextId++;
    this.waiting.set(id, answer);
    (this.socket ?? this.open()).write(`${id} ${key}\n`);
  }

  close(): void {
    this.socket?.destroy();
  }

  private open(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    this.traffic.add(socket);
    this.pending = '';
    socket.on('data', (chunk: Buffer) => {
      this.pending += chunk.toString('latin1');
      for (let end = this.pending.indexOf('\n'); end !== -1; end = this.pending.indexOf('\n')) {
        const line = this.pending.slice(0, end);
        this.pending = this.pending.slice(end + 1);
        const space = line.indexOf(' ');
        const id = Number(line.slice(0, space));
        const value = line.slice(space + 1);
        const answer = this.waiting.get(id);
        this.waiting.delete(id);
        answer?.(value === '-' ? undefined : value);
      }
    });
    const broken = (): void => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const failed = [...this.waiting.values()];
      this.waiting.clear();
      for (const answer of failed) answer(undefined, new Error('the data server closed the connection'));
    };
    socket.on('error', broken);
    socket.on('close', broken);
    return socket;
  }
}
