// Messages between the engine and the partners it creates (a worker thread or a child process).
// The same shapes travel over postMessage and over the child's IPC channel (advanced
// serialization), so the two channels carry exactly the same bytes.

/** The partner's first act once its code runs: creation time is measured until this arrives. */
export interface PartnerReadyMessage {
  kind: 'ready';
}

export interface PingMessage {
  kind: 'ping';
  payload: Uint8Array;
}

export interface PongMessage {
  kind: 'pong';
  payload: Uint8Array;
}

/** Worker threads only: serve round trips through this shared buffer until told to stop. */
export interface ServeSharedMessage {
  kind: 'serve-shared';
  buffer: SharedArrayBuffer;
  messageBytes: number;
}

export interface SharedStoppedMessage {
  kind: 'shared-stopped';
}

/** Ends the partner the way a thread or process ends by itself: it returns, nothing kills it. */
export interface ExitMessage {
  kind: 'exit';
}

export type ToPartnerMessage = PingMessage | ServeSharedMessage | ExitMessage;
export type FromPartnerMessage = PartnerReadyMessage | PongMessage | SharedStoppedMessage;
