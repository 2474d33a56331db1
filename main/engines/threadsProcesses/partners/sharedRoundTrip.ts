// A message round trip through memory both threads can see: no copy by the runtime, no kernel
// channel, just a state word in a SharedArrayBuffer and a futex (Atomics.wait/notify) to sleep on.
// Layout: Int32 state at byte 0, the message bytes from byte 8. The partner's side is in
// echoWorker.js, which repeats these numbers (it imports nothing, see there why).

export const sharedStateIdle = 0;
export const sharedStateRequest = 1;
export const sharedStateReply = 2;
export const sharedStateStop = 3;

export const sharedHeaderBytes = 8;

/** How long the engine sleeps on the state word before it concludes the partner is gone. */
export const sharedWaitLimitMs = 2000;
