import type { GuestProgramName } from '../../abstractMachine/guestPrograms.ts';
import type { TechniqueRow } from '../../abstractMachine/guestTechniques.ts';

export interface GuestWorkerData {
  /** One Int32: the run sets it to 1 when it is cancelled, the guest stops at its next slice. */
  stopFlag: SharedArrayBuffer;
}

export type GuestRequest = { type: 'measure'; program: GuestProgramName; iterations: number };

export type GuestReply =
  | { type: 'booted'; bootMs: number; kernelInstructions: number; heapBytes: number }
  | { type: 'rows'; rows: TechniqueRow[] }
  | { type: 'failed'; message: string };
