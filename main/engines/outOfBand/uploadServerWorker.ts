import { createServer, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import type { ServerThreadMessage, StopReason, UploadServerData, UrgentChannelMessage } from './outOfBandMessages.ts';
import { monotonicMs, sharedSlot, sharedSlots, writeSlot, readSlot } from './sharedUploadState.ts';
import { setThisThreadNice } from '../../platform/threadPriority.ts';
import { FrameParser, frameType } from './uploadFrames.ts';

// The upload handler: the normal, low-priority endpoint. It reads uploads at a limited rate
// (a slow consumer), so bytes the client has written wait in the kernel's buffers.
const { shared, receiveRate, nice, urgentPort } = workerData as UploadServerData;
const slots = sharedSlots(shared);
const priority = setThisThreadNice(nice);
const post = (message: ServerThreadMessage) => parentPort!.postMessage(message);

interface Upload {
  uploadId: number;
  socket: Socket;
  startedAtMs: number;
  receivedBytes: number;
  stopped: boolean;
  resumeTimer?: NodeJS.Timeout;
}

const uploads = new Map<number, Upload>();

function stop(upload: Upload, reason: StopReason, reply?: string): void {
  if (upload.stopped) return;
  upload.stopped = true;
  const atMs = monotonicMs();
  clearTimeout(upload.resumeTimer);
  uploads.delete(upload.uploadId);
  // Stop reading at once; bytes still in the kernel's buffers are thrown away with the socket.
  upload.socket.pause();
  if (reply !== undefined) upload.socket.end(reply, () => upload.socket.destroy());
  else upload.socket.destroy();
  post({ kind: 'stopped', uploadId: upload.uploadId, reason, atMs, receivedBytes: upload.receivedBytes });
  if (reason === 'urgent-port') urgentPort.postMessage({ kind: 'stopped', uploadId: upload.uploadId, receivedBytes: upload.receivedBytes } satisfies UrgentChannelMessage);
}

function handleConnection(socket: Socket): void {
  const parser = new FrameParser();
  let upload: Upload | undefined;
  let connectionBytes = 0;
  socket.on('data', (piece: Buffer) => {
    if (upload?.stopped) return;
    connectionBytes += piece.length;
    if (upload !== undefined) upload.receivedBytes = connectionBytes;
    parser.push(piece, (frame) => {
      if (upload === undefined) {
        upload = { uploadId: frame.uploadId, socket, startedAtMs: monotonicMs(), receivedBytes: connectionBytes, stopped: false };
        uploads.set(frame.uploadId, upload);
        post({ kind: 'upload-started', uploadId: frame.uploadId, atMs: upload.startedAtMs });
      }
      if (frame.type === frameType.cancel) {
        stop(upload, 'in-band-frame', `STOPPED ${upload.uploadId} ${upload.receivedBytes}\n`);
        return false;
      }
      if (frame.type === frameType.end) {
        stop(upload, 'completed', `DONE ${upload.uploadId} ${upload.receivedBytes}\n`);
        return false;
      }
      return true;
    });
    if (upload === undefined || upload.stopped) return;
    writeSlot(slots, sharedSlot.receivedBytes, upload.receivedBytes);
    // The urgent handler marks the request; the handler looks at the mark after every piece it reads.
    if (readSlot(slots, sharedSlot.cancelRequestedId) === upload.uploadId) {
      stop(upload, 'urgent-port');
      return;
    }
    const aheadMs = (upload.receivedBytes / receiveRate) * 1_000 - (monotonicMs() - upload.startedAtMs);
    if (aheadMs > 1) {
      socket.pause();
      const current = upload;
      current.resumeTimer = setTimeout(() => {
        if (!current.stopped) socket.resume();
      }, aheadMs);
    }
  });
  socket.on('end', () => {
    if (upload !== undefined) stop(upload, 'client-closed');
    else socket.destroy();
  });
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (upload !== undefined) stop(upload, error.code === 'ECONNRESET' ? 'client-reset' : 'client-closed');
    else socket.destroy();
  });
}

// A cancel from the urgent handler also wakes this thread, for an upload that is waiting (paused) rather than reading.
urgentPort.on('message', (message: UrgentChannelMessage) => {
  if (message.kind !== 'cancel') return;
  const upload = uploads.get(message.uploadId);
  if (upload === undefined) urgentPort.postMessage({ kind: 'unknown', uploadId: message.uploadId } satisfies UrgentChannelMessage);
  else stop(upload, 'urgent-port');
});

const server = createServer({ noDelay: true }, handleConnection);
server.listen({ host: '127.0.0.1', port: 0 }, () => {
  const { port } = server.address() as { port: number };
  post({ kind: 'listening', port, nice: priority.nice, niceError: priority.error });
});
