import { createServer, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import type { ServerThreadMessage, UrgentChannelMessage, UrgentHandlerData } from './outOfBandMessages.ts';
import { monotonicMs, sharedSlot, sharedSlots, writeSlot } from './sharedUploadState.ts';
import { setThisThreadNice } from '../../platform/threadPriority.ts';

// The urgent endpoint: a separate port served by its own thread at a higher priority than the
// upload handler, so a busy upload cannot delay reading a cancel (the lecture's "Solution 1").
const { shared, nice, uploadPort } = workerData as UrgentHandlerData;
const slots = sharedSlots(shared);
const priority = setThisThreadNice(nice);
const post = (message: ServerThreadMessage) => parentPort!.postMessage(message);
const waitingClients = new Map<number, Socket>();
const longestLine = 64;

uploadPort.on('message', (message: UrgentChannelMessage) => {
  if (message.kind === 'cancel') return;
  const client = waitingClients.get(message.uploadId);
  waitingClients.delete(message.uploadId);
  client?.end(message.kind === 'stopped' ? `STOPPED ${message.uploadId} ${message.receivedBytes}\n` : `UNKNOWN ${message.uploadId}\n`);
});

function handleConnection(socket: Socket): void {
  let text = '';
  socket.setEncoding('latin1');
  socket.on('error', () => socket.destroy());
  socket.on('data', (piece: string) => {
    text += piece;
    const end = text.indexOf('\n');
    if (end < 0) {
      if (text.length > longestLine) socket.end('ERROR line too long\n');
      return;
    }
    const match = /^CANCEL (\d+)\r?$/.exec(text.slice(0, end));
    if (match === null) {
      socket.end('ERROR expected CANCEL <upload id>\n');
      return;
    }
    const uploadId = Number(match[1]);
    const atMs = monotonicMs();
    // Mark first (seen by the upload handler on its next read), then wake it in case it is idle.
    writeSlot(slots, sharedSlot.cancelRequestedId, uploadId);
    waitingClients.set(uploadId, socket);
    uploadPort.postMessage({ kind: 'cancel', uploadId } satisfies UrgentChannelMessage);
    post({ kind: 'urgent-received', uploadId, atMs });
  });
}

const server = createServer({ noDelay: true }, handleConnection);
server.listen({ host: '127.0.0.1', port: 0 }, () => {
  const { port } = server.address() as { port: number };
  post({ kind: 'listening', port, nice: priority.nice, niceError: priority.error });
});
