// Two ends of one TCP connection on 127.0.0.1, for tests of code that writes to a socket.
import { connect, createServer, type Socket } from 'node:net';

export async function loopbackSocketPair(): Promise<{ sending: Socket; receiving: Socket; close(): void }> {
  const server = createServer();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  const sending = connect({ host: '127.0.0.1', port });
  const receiving = await accepted;
  return {
    sending,
    receiving,
    close: () => {
      sending.destroy();
      receiving.destroy();
      server.close();
    },
  };
}
