// The system calls this lab's supervisors offer to abstract-machine programs (`SYS n`). The
// machine knows only that SYS leaves its run loop; what each number means, and how many values it
// pops and pushes, is the supervisor's contract, written down here for both sides of it: the
// sandbox's stub and the host that serves it.

export const systemCalls = {
  /** (address max → count): copies up to `max` records of the host's record source to the heap as [id, amount] pairs. */
  records: 1,
  /** (address words →): hands `words` heap words to the supervisor as the program's result. */
  emit: 2,
  /** (→ host): the number of the host the program runs on now. */
  hostNumber: 3,
  /** (resource index → status): one access to a resource of the process's resource segment: 1 worked, 0 failed, -1 refused. */
  access: 4,
} as const;

/** How many words each call pops. */
export const systemCallArguments: Record<number, number> = { 1: 2, 2: 2, 3: 0, 4: 2 };
