import type { InterfaceMeasurement } from '../../abstractMachine/guestInterfaces.ts';
import type { GuestProgramName } from '../../abstractMachine/guestPrograms.ts';
import type { TechniqueRow } from '../../abstractMachine/guestTechniques.ts';

export interface GuestWorkerData {
  /** One Int32: the run sets it to 1 when it is cancelled, the guest stops at its next slice. */
  stopFlag: SharedArrayBuffer;
}

export type GuestRequest =
  | { type: 'measure'; program: GuestProgramName; iterations: number }
  /** The console-line program: its console device appends every line to `outputPath` on the host. */
  | { type: 'interfaces'; lines: number; rounds: number; outputPath: string };

export type GuestReply =
  | { type: 'booted'; bootMs: number; kernelInstructions: number; heapBytes: number }
  | { type: 'rows'; rows: TechniqueRow[] }
  | { type: 'interfaces'; measurement: InterfaceMeasurement | undefined }
  | { type: 'failed'; message: string };
