// Browser mode carries the LabApi contract over one WebSocket at /api. Each call names one
// contract method; the server validates its arguments exactly as the Electron face does.
import type { LabApiMethod } from './labApiMethods.ts';
import type { RunEvent, Result } from '../preload/api.ts';

export const socketPath = '/api';

/** A call from the page. `watchRun` answers `{watchId}`; `unwatchRun` takes that id back. */
export interface SocketCall {
  id: number;
  method: LabApiMethod | 'unwatchRun';
  args: unknown[];
}

export type SocketMessage =
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; watchId: string; event: RunEvent };
