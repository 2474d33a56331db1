import { createServer } from 'node:net';
import { exitWithParent, sendToParent } from '../../platform/parentChannel.ts';

// The always-running comparison: the same echo, but as a server started once and kept waiting.
const server = createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen({ host: '127.0.0.1', port: 0 }, () => {
  sendToParent({ port: (server.address() as { port: number }).port });
});
exitWithParent();
