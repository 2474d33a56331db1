// Pins the calling thread (only it) to some CPUs, on Linux, with taskset on its thread id, which
// /proc/thread-self names. A diagnostic: on a small machine it shows what a thread would get from
// cores of its own (see the vm-migration fault bench's --pin-fault-path). Elsewhere, or without
// taskset, it does nothing.
import { execFileSync } from 'node:child_process';
import { thisThreadId } from './threadPriority.ts';

/** Pins this thread to `cpus` (a taskset list such as "0" or "0,2"); returns whether it could. */
export function pinThisThread(cpus: string): boolean {
  if (process.platform !== 'linux' || !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(cpus)) return false;
  const threadId = thisThreadId();
  if (threadId === undefined) return false;
  try {
    execFileSync('taskset', ['-p', '-c', cpus, String(threadId)], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** The environment variable naming the CPUs the post-copy fault path (the faulting guest and the page server) runs on. */
export const faultPathCpusVariable = 'PROCLAB_FAULT_PATH_CPUS';

/**
 * Pins this thread as `PROCLAB_FAULT_PATH_CPUS` says, when it is set; returns whether it did. A
 * pinning asked for and not done is said on stderr: a measurement believed pinned would mislead.
 */
export function pinToFaultPathCpus(): boolean {
  const cpus = process.env[faultPathCpusVariable];
  if (cpus === undefined || cpus === '') return false;
  const pinned = pinThisThread(cpus);
  if (!pinned) process.stderr.write(`proclab: could not pin a fault-path thread to CPUs ${cpus} (${faultPathCpusVariable}); it runs unpinned\n`);
  return pinned;
}
