// A child process whose parent goes away (a cancel that ended the thread that forked it, a
// parent that died) ends quietly: never an unhandled EPIPE with a stack trace on the terminal.
import { fork } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { architecturesEntryModules } from '../../../main/engines/architectures/architecturesEntryModules.ts';
import { superserverEntryModules } from '../../../main/engines/superserver/superserverEntryModules.ts';
import { threadsProcessesEntryModules } from '../../../main/engines/threadsProcesses/threadsProcessesEntryModules.ts';
import { entryModulePath, type EntryModule } from '../../../main/platform/moduleEntry.ts';

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Forks the entry module and closes the channel from this side after `delayMs`, as a parent that is gone would. */
function forkAndLeave(entry: EntryModule, args: string[], delayMs: number): Promise<Outcome> {
  const child = fork(entryModulePath(entry), args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const leave = (): void => {
    if (child.connected) child.disconnect();
  };
  if (delayMs === 0) leave();
  else setTimeout(leave, delayMs);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  // Not 'close': with the channel closed from this side, Node never emits it.
  const stderrEnded = new Promise((resolve) => child.stderr!.once('end', resolve));
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      void stderrEnded.then(() => resolve({ code, signal, stderr }));
    }),
  );
}

const connectionProcessOptions = JSON.stringify({
  mode: 'one-connection',
  workload: { kind: 'io', serviceTimeMs: 1, distribution: 'constant', computeRoundsPerMs: 1 },
  seed: 1,
  responseSizeBytes: 64,
  requestsPerConnection: 0,
  idleTimeoutMs: 1000,
  serverName: 'test',
});

const children: [string, EntryModule, string[]][] = [
  ['architecturesConnectionProcess', architecturesEntryModules.connectionProcess, [connectionProcessOptions]],
  ['superserverResidentServer', superserverEntryModules.residentServer, []],
  ['threadsProcessesEchoChild', threadsProcessesEntryModules.echoChild, []],
];

describe('a child process whose parent is gone', () => {
  it.each(children)('%s ends quietly, whenever the channel closes', async (_name, entry, args) => {
    const outcomes: Outcome[] = [];
    // Right away, and at moments spread over the child's start-up and its first message.
    for (const delayMs of [0, 0, 0, 5, 10, 20, 30, 40, 60, 80, 120, 160, 200, 300]) outcomes.push(await forkAndLeave(entry, args, delayMs));
    for (const outcome of outcomes) {
      expect(outcome.stderr).not.toMatch(/EPIPE|Unhandled|^\s+at /m);
      expect(outcome.signal).toBeNull();
      expect(outcome.code).toBe(0);
    }
  });
});
