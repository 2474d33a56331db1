// The guest's own thread: it boots the tiny guest kernel to the user program's first instruction
// (what the run times as a vm's start-up), then runs the programs it is asked for under each technique.
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { bootGuest } from '../../abstractMachine/guestBoot.ts';
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

port.on('message', (request: GuestRequest) => {
  try {
    reply({ type: 'rows', rows: measureTechniques(request.program, request.iterations, shouldStop) });
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
