import type { MessagePort } from 'node:worker_threads';

/** Why the upload handler stopped receiving an upload. */
export type StopReason = 'urgent-port' | 'in-band-frame' | 'client-closed' | 'client-reset' | 'completed';

export interface UploadServerData {
  shared: SharedArrayBuffer;
  /** Bytes per second the handler reads at most (a slow disk, a slow consumer). */
  receiveRate: number;
  /** Nice value the upload handler's thread gives itself (higher = lower priority). */
  nice: number;
  /** Channel to the urgent handler thread. */
  urgentPort: MessagePort;
}

export interface UrgentHandlerData {
  shared: SharedArrayBuffer;
  nice: number;
  uploadPort: MessagePort;
}

/** From either server thread to the engine. */
export type ServerThreadMessage =
  | { kind: 'listening'; port: number; nice: number; niceError?: string }
  | { kind: 'upload-started'; uploadId: number; atMs: number }
  | { kind: 'stopped'; uploadId: number; reason: StopReason; atMs: number; receivedBytes: number }
  | { kind: 'urgent-received'; uploadId: number; atMs: number };

/** Between the urgent handler and the upload handler. */
export type UrgentChannelMessage =
  | { kind: 'cancel'; uploadId: number }
  | { kind: 'stopped'; uploadId: number; receivedBytes: number }
  | { kind: 'unknown'; uploadId: number };
