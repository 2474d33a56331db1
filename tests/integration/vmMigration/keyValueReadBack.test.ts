import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyValueLoad } from '../../../main/engines/vmMigration/keyValueLoad.ts';

/**
 * A key-value server on 127.0.0.1 with the guest's protocol. It applies requests in the order they
 * arrive (as the guest does), and can hold its answers and let them out one connection at a time:
 * after a long downtime the guest's backlog of answers reaches the clients in one burst, and answers
 * on different connections then arrive in any order.
 */
class TestKeyValueServer {
  readonly table = new Map<string, string>();
  holding = false;
  /** SETs after this many are answered OK but not applied: a guest that loses acknowledged writes. */
  applyAtMostSets = Infinity;
  private setsSeen = 0;
  private lastConnection: Socket | undefined;
  private readonly held = new Map<Socket, string[]>();
  private readonly server: Server;

  constructor() {
    this.server = createServer((socket) => {
      let partial = '';
      socket.on('data', (chunk: Buffer) => {
        partial += chunk.toString();
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.answer(socket, line);
      });
      socket.on('error', () => socket.destroy());
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port)));
  }

  private answer(socket: Socket, line: string): void {
    const [command, key = '', value = ''] = line.split(' ');
    let response: string;
    if (command === 'SET') {
      this.setsSeen += 1;
      this.lastConnection = socket;
      if (this.setsSeen <= this.applyAtMostSets) this.table.set(key, value);
      response = 'OK';
    } else {
      response = `VALUE ${this.table.get(key) ?? `initial-${key}`}`;
    }
    if (!this.holding) {
      socket.write(`${response}\n`);
      return;
    }
    const queue = this.held.get(socket) ?? [];
    queue.push(response);
    this.held.set(socket, queue);
  }

  /** Lets the held answers out, the connection that sent the last SET first, the others 50 ms later. */
  async release(): Promise<void> {
    this.holding = false;
    const order = [...this.held.keys()].sort((a, b) => (a === this.lastConnection ? -1 : b === this.lastConnection ? 1 : 0));
    for (const socket of order) {
      socket.write(this.held.get(socket)!.map((response) => `${response}\n`).join(''));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.held.clear();
  }

  close(): void {
    this.server.close();
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function startLoad(server: TestKeyValueServer, options: { connections: number; writeFraction: number; keyCount: number }): Promise<KeyValueLoad> {
  const port = await server.listen();
  cleanups.push(() => server.close());
  let seed = 12345;
  const load = new KeyValueLoad({
    port,
    connections: options.connections,
    requestsPerSecond: 400,
    keyCount: options.keyCount,
    writeFraction: options.writeFraction,
    random: () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    },
  });
  cleanups.push(() => load.close());
  await load.start();
  return load;
}

describe('the key-value clients’ read-back', () => {
  it('accepts the guest’s final value when answers on different connections arrive out of order after a downtime', async () => {
    const server = new TestKeyValueServer();
    const load = await startLoad(server, { connections: 3, writeFraction: 1, keyCount: 1 });
    await delay(100);
    // The downtime: requests keep coming and are applied in order, their answers wait.
    server.holding = true;
    await delay(200);
    await load.stop(0);
    await server.release();
    await load.stop(2_000);
    expect(load.errors).toBe(0);
    expect(await load.verify(2_000)).toBe('ok');
  });

  it('still finds a write the guest acknowledged and then lost', async () => {
    const server = new TestKeyValueServer();
    server.applyAtMostSets = 20;
    const load = await startLoad(server, { connections: 2, writeFraction: 1, keyCount: 1 });
    await delay(200);
    await load.stop(2_000);
    expect(await load.verify(2_000)).toMatch(/^1 of 1 keys wrong after migration \(k0: expected "v\d+"( or "v\d+")*, got "VALUE v20"\)$/);
  });

  it('reads back on its own connection, so answers still due to the load cannot be taken for read-back answers', async () => {
    const server = new TestKeyValueServer();
    const load = await startLoad(server, { connections: 2, writeFraction: 0.5, keyCount: 50 });
    await delay(100);
    server.holding = true;
    await delay(100);
    // The load stops waiting before the held answers come: some are still due when the read-back starts.
    await load.stop(0);
    const verdict = load.verify(3_000);
    await delay(20);
    await server.release();
    expect(await verdict).toBe('ok');
  });
});
