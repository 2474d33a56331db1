// The IPC channel of a child process to the proclab process that forked it. The parent may go at
// any moment (a cancel, a thread that ended): a message sent then fails with EPIPE, which Node
// throws as an unhandled 'error' event with a stack trace on the terminal. A child whose parent
// is gone has nobody to serve, so it ends quietly instead.

let guarded = false;

function guardChannel(): void {
  if (guarded) return;
  guarded = true;
  process.on('error', () => process.exit(0));
}

/** Sends a message to the parent, if it is still there; a child left without one exits. */
export function sendToParent(message: unknown): void {
  guardChannel();
  if (process.send === undefined || !process.connected) return;
  process.send(message as object, undefined, {}, (error) => {
    if (error !== null && error !== undefined) process.exit(0);
  });
}

/** Ends the child when its parent closes the channel: it never outlives the process that started it. */
export function exitWithParent(): void {
  guardChannel();
  process.on('disconnect', () => process.exit(0));
}
