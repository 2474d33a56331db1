import { fork, type ChildProcess } from 'node:child_process';
import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { architecturesEntryModules } from '../architecturesEntryModules.ts';
import type { ConnectionProcessMessage, ConnectionProcessOptions } from './connectionProcessMessages.ts';

/** A child process that serves connections, and the promise of its first `ready`. */
export interface ConnectionChild {
  process: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/** Starts a connection-serving child process (a real `fork`: a new Node process and address space). */
export function forkConnectionChild(options: ConnectionProcessOptions, onMessage: (message: ConnectionProcessMessage) => void): ConnectionChild {
  const child = fork(entryModulePath(architecturesEntryModules.connectionProcess), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // The child needs no flags of the parent's (a debugger or test runner's).
    execArgv: [],
    // Inside the desktop app process.execPath is Electron, which runs a script as Node only when asked.
    env: process.versions.electron === undefined ? process.env : { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: ConnectionProcessMessage) => {
      if (message.type === 'ready') resolve();
      onMessage(message);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`a child process exited before it was ready (code ${code})`)));
  });
  ready.catch(() => {});
  return { process: child, ready, exited };
}

/** Ends a child and waits for it (SIGKILL if it ignores SIGTERM for a second). */
export async function stopConnectionChild(child: ConnectionChild): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 1000);
  await child.exited;
  clearTimeout(timer);
}
