// Worker entry: one guest vCPU thread. Its whole state is the control block, its memory and the
// CPU state record; the host drives it only through shared memory. A destination guest first
// opens its line to the source's page server, then runs.
import { parentPort, workerData } from 'node:worker_threads';
import { pinToFaultPathCpus } from '../../../platform/threadAffinity.ts';
import { FaultTraceWriter } from '../faultHops.ts';
import { GuestControl, runStates } from './guestControl.ts';
import { pageChecksum } from './guestMemory.ts';
import { runGuest, type GuestReport, type GuestThreadOptions } from './guestRuntime.ts';
import { PageRequestLine } from './pageRequestLine.ts';

const options = workerData as GuestThreadOptions;

function failed(error: unknown): GuestReport {
  return { kind: 'guest-report', role: options.role, outcome: 'failed', operations: 0, networkFaults: 0, faultLatency: { counts: [], totalCount: 0, minimum: 0, maximum: 0, sum: 0 }, message: error instanceof Error ? error.message : String(error) };
}

/** Runs the fault path's checksum until V8 has compiled it: the first faults should not pay for the interpreter. */
function warmUp(): void {
  const words = new Int32Array(options.memory.pageSize / 4);
  for (let round = 0; round < 300; round += 1) pageChecksum(words, 0, words.length);
}

let report: GuestReport;
let requestLine: PageRequestLine | undefined;
try {
  if (options.role === 'destination') warmUp();
  if (options.role === 'destination') pinToFaultPathCpus();
  if (options.role === 'destination' && options.pageRequestPort !== undefined) {
    requestLine = await PageRequestLine.open(options.pageRequestPort, options.memory.pageSize, 10_000);
    requestLine.rehearse();
    if (options.faultTrace !== undefined) requestLine.traceTo(FaultTraceWriter.guest(options.faultTrace));
  }
  report = runGuest(options, requestLine);
} catch (error) {
  report = failed(error);
}
requestLine?.close();
const control = new GuestControl(options.control);
if (control.runState !== runStates.lost) control.setRunState(runStates.exited);
parentPort?.postMessage(report);
