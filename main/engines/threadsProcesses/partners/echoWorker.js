// @ts-check
// Entry module of the worker thread the lab creates: it reports that it runs as its very first act
// (the end of the creation measurement), then echoes messages until asked to exit.
//
// Plain JavaScript on purpose, importing nothing of ours: run from source, a TypeScript entry
// makes every new thread load Node's type stripper first (about 100 ms on the course machines),
// and the lab would report that as the cost of creating a thread. Message shapes: partnerMessages.ts;
// shared-memory states: sharedRoundTrip.ts (the numbers below must stay equal to those).
import { parentPort } from 'node:worker_threads';

const stateRequest = 1;
const stateReply = 2;
const stateStop = 3;
const headerBytes = 8;

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
port.postMessage({ kind: 'ready' });

/**
 * Serves round trips through shared memory: waits for each request, copies the message in and
 * writes it back as the reply (the same bytes the message channels move), until told to stop.
 * @param {SharedArrayBuffer} buffer
 * @param {number} messageBytes
 */
function serveSharedRoundTrips(buffer, messageBytes) {
  const state = new Int32Array(buffer, 0, 1);
  const message = new Uint8Array(buffer, headerBytes, messageBytes);
  const received = new Uint8Array(messageBytes);
  for (;;) {
    let current = Atomics.load(state, 0);
    while (current !== stateRequest && current !== stateStop) {
      // No time limit: the engine always ends this loop with the stop state, or terminates us.
      Atomics.wait(state, 0, current);
      current = Atomics.load(state, 0);
    }
    if (current === stateStop) return;
    received.set(message);
    message.set(received);
    Atomics.store(state, 0, stateReply);
    Atomics.notify(state, 0);
  }
}

port.on('message', (message) => {
  if (message.kind === 'ping') {
    port.postMessage({ kind: 'pong', payload: message.payload });
  } else if (message.kind === 'serve-shared') {
    serveSharedRoundTrips(message.buffer, message.messageBytes);
    port.postMessage({ kind: 'shared-stopped' });
  } else {
    // Closing the port leaves the thread nothing to wait for, so it ends on its own.
    port.close();
  }
});
