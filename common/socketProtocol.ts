// Browser mode carries the LabApi contract over one WebSocket at /api. Each call names one
// contract method; the server validates its arguments exactly as the Electron face does.
import type { LabApiMethod } from './labApiMethods.ts';
import type { RunEvent, Result } from '../preload/api.ts';

export const socketPath = '/api';

/**
 * The largest message the server reads. A larger one closes the connection (1009), so the page
 * checks the size of every call before it sends it.
 */
export const maxSocketMessageBytes = 1024 * 1024;

/** A call from the page. `watchRun` answers `{watchId}`; `unwatchRun` takes that id back. */
export interface SocketCall {
  id: number;
  method: LabApiMethod;
  args: unknown[];
}

export type SocketMessage =
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; watchId: string; event: RunEvent };

/** Why the server closed a page's connection; the codes are RFC 6455's. */
export const socketCloseCodes = {
  /** The page sent binary data; calls are JSON text. */
  unsupportedData: 1003,
  /** A text message that is not UTF-8 or not JSON. */
  invalidPayload: 1007,
  /** A message that is JSON but not a call. */
  policyViolation: 1008,
  /** A message larger than `maxSocketMessageBytes`. */
  messageTooBig: 1009,
} as const;
