// The guest's own thread: it boots the tiny guest kernel to the user program's first instruction
// (what the run times as a vm's start-up), then runs the programs it is asked for under each technique,
// and the console-line program whose request it follows through the four interfaces.
import { closeSync, openSync, writeSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { bootGuest } from '../../abstractMachine/guestBoot.ts';
import { measureInterfaces, type InterfaceMeasurement } from '../../abstractMachine/guestInterfaces.ts';
import { measureTechniques } from '../../abstractMachine/guestTechniques.ts';
import type { GuestReply, GuestRequest, GuestWorkerData } from './guestMessages.ts';

const port = parentPort!;
const stopFlag = new Int32Array((workerData as GuestWorkerData).stopFlag);
const shouldStop = (): boolean => Atomics.load(stopFlag, 0) !== 0;
const reply = (message: GuestReply): void => port.postMessage(message);

try {
  const boot = bootGuest();
  reply({ type: 'booted', bootMs: boot.bootMs, kernelInstructions: boot.kernelInstructions, heapBytes: getHeapStatistics().used_heap_size });
} catch (error) {
  reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}

/** The console device's host side: every transfer is one write(2) to the run's output file. */
function measureInterfacesInto(outputPath: string, lines: number, rounds: number): InterfaceMeasurement | undefined {
  const descriptor = openSync(outputPath, 'a');
  try {
    return measureInterfaces(lines, rounds, { transfer: (bytes) => void writeSync(descriptor, bytes) }, shouldStop);
  } finally {
    closeSync(descriptor);
  }
}

port.on('message', (request: GuestRequest) => {
  try {
    if (request.type === 'interfaces') reply({ type: 'interfaces', measurement: measureInterfacesInto(request.outputPath, request.lines, request.rounds) });
    else reply({ type: 'rows', rows: measureTechniques(request.program, request.iterations, shouldStop) });
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
