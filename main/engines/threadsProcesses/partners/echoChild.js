// @ts-check
// Entry module of the child process the lab creates: it reports that it runs as its very first act
// (the end of the creation measurement), then echoes messages until asked to exit.
//
// Plain JavaScript on purpose, importing nothing of ours: run from source, a TypeScript entry
// makes every new process load Node's type stripper first (about 100 ms on the course machines),
// and the lab would report that as the cost of creating a process. Message shapes: partnerMessages.ts.

/** @param {unknown} message */
const send = (message) => {
  process.send?.(message);
};

send({ kind: 'ready' });

process.on('message', (/** @type {{kind: string, payload?: Uint8Array}} */ message) => {
  if (message.kind === 'ping') send({ kind: 'pong', payload: message.payload });
  // Disconnecting the IPC channel leaves the process nothing to wait for, so it exits on its own.
  else if (message.kind === 'exit') process.disconnect();
});

// A parent that goes away (or cancels) closes the channel: never outlive it.
process.on('disconnect', () => process.exit(0));
