// @ts-check
// Entry module of the child process the lab creates: it reports that it runs as its very first act
// (the end of the creation measurement), then echoes messages until asked to exit.
//
// Plain JavaScript on purpose, importing nothing of ours: run from source, a TypeScript entry
// makes every new process load Node's type stripper first (about 100 ms on the course machines),
// and the lab would report that as the cost of creating a process. Message shapes: partnerMessages.ts.

// A parent that is gone makes a send fail with EPIPE, an 'error' event that would print a stack
// trace: the child has nobody to answer then, and ends quietly.
process.on('error', () => process.exit(0));

/** @param {unknown} message */
const send = (message) => {
  if (process.connected) process.send?.(message, undefined, {}, (error) => error && process.exit(0));
};

send({ kind: 'ready' });

process.on('message', (/** @type {{kind: string, payload?: Uint8Array}} */ message) => {
  if (message.kind === 'ping') send({ kind: 'pong', payload: message.payload });
  // Disconnecting the IPC channel leaves the process nothing to wait for, so it exits on its own.
  else if (message.kind === 'exit') process.disconnect();
});

// A parent that goes away (or cancels) closes the channel: never outlive it.
process.on('disconnect', () => process.exit(0));
