// Received code always runs in a fresh sandbox, which is thrown away afterwards.
import type { ToSandbox } from '../sandbox/sandboxMessages.ts';
import type { HostRuntime } from './hostRuntime.ts';
import type { SandboxOutcome } from './hostSandbox.ts';
import { runSandboxJob, type JobEnd, type SandboxJob, type Supervisor } from './sandboxJob.ts';

export interface StartedCode {
  job: SandboxJob;
  /** The job's end and the sandbox's outcome, once the sandbox is gone. */
  finished: Promise<{ end: JobEnd; outcome: SandboxOutcome }>;
}

/** `prepare` may put files into the sandbox's grant folder (`in/` it may read) before the code starts. */
export async function startReceivedCode(runtime: HostRuntime, message: ToSandbox, supervisor: Supervisor, prepare?: (grantFolder: string) => void): Promise<StartedCode> {
  const sandbox = await runtime.pool.take();
  prepare?.(sandbox.grantFolder);
  const job = runSandboxJob(sandbox, message, supervisor);
  const finished = (async () => {
    const end = await job.end;
    const outcome = await job.outcome;
    await sandbox.dispose();
    return { end, outcome };
  })();
  return { job, finished };
}

export async function runReceivedCode(runtime: HostRuntime, message: ToSandbox, supervisor: Supervisor, prepare?: (grantFolder: string) => void): Promise<{ end: JobEnd; outcome: SandboxOutcome }> {
  return (await startReceivedCode(runtime, message, supervisor, prepare)).finished;
}

export function describeEnd(end: JobEnd): string {
  switch (end.kind) {
    case 'faulted':
      return `the program faulted: ${end.reason}`;
    case 'stopped':
      return `the sandbox ${end.outcome.ended === 'killed' ? 'was stopped' : 'ended'}: ${end.outcome.reason}`;
    case 'nativeFailed':
      return `the native code failed: ${end.error}`;
    default:
      return `the program ended with ${end.kind}`;
  }
}
