// Worker entry: one guest vCPU thread. Its whole state is the control block, its memory and the
// CPU state record; the host drives it only through shared memory.
import { parentPort, workerData } from 'node:worker_threads';
import { GuestControl, runStates } from './guestControl.ts';
import { runGuest, type GuestThreadOptions } from './guestRuntime.ts';

const options = workerData as GuestThreadOptions;
let report;
try {
  report = runGuest(options);
} catch (error) {
  report = { kind: 'guest-report', role: options.role, outcome: 'failed', operations: 0, networkFaults: 0, faultLatency: { counts: [], totalCount: 0, minimum: 0, maximum: 0, sum: 0 }, message: error instanceof Error ? error.message : String(error) };
}
const control = new GuestControl(options.control);
if (control.runState !== runStates.lost) control.setRunState(runStates.exited);
parentPort?.postMessage(report);
