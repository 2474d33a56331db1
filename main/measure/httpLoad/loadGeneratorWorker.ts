// Entry module of the load generator's own worker thread, so that its timing is not disturbed
// by whatever the app's thread is doing (and the other way round).
import { parentPort, workerData } from 'node:worker_threads';
import { ClosedLoadGenerator, type LoadCallbacks } from './closedLoadGenerator.ts';
import type { LoadControlMessage, LoadOptions, LoadWorkerMessage } from './loadMessages.ts';
import { OpenLoadGenerator } from './openLoadGenerator.ts';

const port = parentPort!;
const post = (message: LoadWorkerMessage): void => port.postMessage(message);
const options = workerData as LoadOptions;

const callbacks: LoadCallbacks = {
  onSample: (sample) => post({ type: 'sample', sample }),
  onDone: (result) => {
    post({ type: 'done', result });
    // Nothing is left to do; letting go of the port lets the thread end by itself.
    port.close();
  },
};
const generator = options.mode === 'open' ? new OpenLoadGenerator(options, callbacks) : new ClosedLoadGenerator(options, callbacks);

port.on('message', (message: LoadControlMessage) => {
  if (message.type === 'stop') generator.stop();
});

generator.start();
