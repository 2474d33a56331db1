import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjectingProxy, noFaults, type LinkFaults } from '../../../main/network/faultInjectingProxy.ts';
import { recordMark, RecordDecoder } from '../../../main/protocols/oncRpc/oncRpcMessages.ts';

// A real TCP echo server of framed messages behind the proxy, and a client that sends numbered
// messages through it and notes which came back.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function echoServer(): Promise<{ port: number; received: number[] }> {
  const received: number[] = [];
  const server: Server = createServer((socket) => {
    const decoder = new RecordDecoder(1 << 20);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const record of decoder.push(chunk)) {
        received.push(record.readUInt32BE(0));
        socket.write(recordMark(record));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as { port: number }).port, received };
}

async function proxyTo(port: number, faults: LinkFaults, seed = 5, name = 'test-link'): Promise<FaultInjectingProxy> {
  const proxy = new FaultInjectingProxy({ name, seed, listen: { host: '127.0.0.1', port: 0 }, upstream: { host: '127.0.0.1', port }, faults });
  await proxy.start();
  cleanups.push(() => proxy.stop());
  return proxy;
}

/** Sends messages 0..count-1 one at a time, waiting up to `waitMs` for each echo; returns those echoed, in order of arrival. */
async function sendNumbered(port: number, count: number, waitMs = 40): Promise<{ echoed: number[]; socket: Socket; error?: string }> {
  const socket = connect({ host: '127.0.0.1', port });
  cleanups.push(() => void socket.destroy());
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const decoder = new RecordDecoder(1 << 20);
  const echoed: number[] = [];
  let error: string | undefined;
  socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code));
  socket.on('data', (chunk: Buffer) => {
    for (const record of decoder.push(chunk)) echoed.push(record.readUInt32BE(0));
  });
  for (let index = 0; index < count && !socket.destroyed; index += 1) {
    const message = Buffer.alloc(16);
    message.writeUInt32BE(index);
    socket.write(recordMark(message));
    const before = echoed.length;
    const startedAt = Date.now();
    while (echoed.length === before && Date.now() - startedAt < waitMs && !socket.destroyed) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  return { echoed, socket, error };
}

describe('the fault-injecting proxy', () => {
  it('passes whole messages unchanged when the link is reliable', async () => {
    const server = await echoServer();
    const proxy = await proxyTo(server.port, { toServer: noFaults, toClient: noFaults });
    const { echoed } = await sendNumbered(proxy.address.port, 50, 200);
    expect(echoed).toEqual(Array.from({ length: 50 }, (_, index) => index));
    expect(proxy.counts()).toMatchObject({ toServer: { messages: 50, forwarded: 50, lost: 0 }, toClient: { messages: 50, forwarded: 50, lost: 0 } });
  });

  it('loses and duplicates the same messages in every run with the same seed, and others with another seed', async () => {
    const faults: LinkFaults = { toServer: { ...noFaults, loss: 0.2, duplicate: 0.1 }, toClient: { ...noFaults, loss: 0.15 } };
    const runs: { received: number[]; echoed: number[]; counts: unknown }[] = [];
    for (const seed of [5, 5, 6]) {
      const server = await echoServer();
      const proxy = await proxyTo(server.port, faults, seed);
      const { echoed } = await sendNumbered(proxy.address.port, 120);
      runs.push({ received: server.received, echoed, counts: proxy.counts() });
    }
    const [first, second, third] = runs;
    expect(second).toEqual(first);
    expect(third!.received).not.toEqual(first!.received);
    const counts = first!.counts as { toServer: { messages: number; lost: number; duplicated: number }; toClient: { lost: number } };
    // 120 messages at 20% loss: far from none and far from all.
    expect(counts.toServer.lost).toBeGreaterThan(10);
    expect(counts.toServer.lost).toBeLessThan(45);
    expect(counts.toServer.duplicated).toBeGreaterThan(3);
    expect(counts.toClient.lost).toBeGreaterThan(5);
    // A duplicated request reaches the server twice, back to back.
    const repeats = first!.received.filter((value, index, all) => all[index - 1] === value).length;
    expect(repeats).toBe(counts.toServer.duplicated);
  });

  it('holds delayed messages back and keeps their order', async () => {
    const server = await echoServer();
    const proxy = await proxyTo(server.port, { toServer: noFaults, toClient: { ...noFaults, delayShare: 1, delayMs: 30 } });
    const socket = connect({ host: '127.0.0.1', port: proxy.address.port });
    cleanups.push(() => void socket.destroy());
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const decoder = new RecordDecoder(1 << 20);
    const arrivals: { value: number; atMs: number }[] = [];
    const sentAt = performance.now();
    socket.on('data', (chunk: Buffer) => {
      for (const record of decoder.push(chunk)) arrivals.push({ value: record.readUInt32BE(0), atMs: performance.now() - sentAt });
    });
    for (let index = 0; index < 5; index += 1) {
      const message = Buffer.alloc(8);
      message.writeUInt32BE(index);
      socket.write(recordMark(message));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(arrivals.map((arrival) => arrival.value)).toEqual([0, 1, 2, 3, 4]);
    expect(arrivals[0]!.atMs).toBeGreaterThanOrEqual(29);
    expect(proxy.counts().toClient.delayed).toBe(5);
  });

  it('resets the connection (both ends see ECONNRESET) and a new connection works', async () => {
    const server = await echoServer();
    const proxy = await proxyTo(server.port, { toServer: { ...noFaults, reset: 1 }, toClient: noFaults });
    const { echoed, error } = await sendNumbered(proxy.address.port, 3);
    expect(echoed).toEqual([]);
    expect(error).toBe('ECONNRESET');
    proxy.setFaults({ toServer: noFaults, toClient: noFaults });
    expect((await sendNumbered(proxy.address.port, 3)).echoed).toEqual([0, 1, 2]);
    expect(proxy.counts()).toMatchObject({ connections: 2, toServer: { resets: 1 } });
  });

  it('resets a client whose server is not there, and leaves nothing open once stopped', async () => {
    const server = await echoServer();
    const proxy = await proxyTo(server.port, { toServer: noFaults, toClient: noFaults });
    proxy.setUpstream({ host: '127.0.0.1', port: 1 });
    const { echoed, error } = await sendNumbered(proxy.address.port, 1);
    expect(echoed).toEqual([]);
    expect(error).toBe('ECONNRESET');
    const port = proxy.address.port;
    await proxy.stop();
    const refused = await new Promise<string>((resolve) => connect({ host: '127.0.0.1', port }).once('error', (failure: NodeJS.ErrnoException) => resolve(failure.code ?? '')));
    expect(refused).toBe('ECONNREFUSED');
  });
});
