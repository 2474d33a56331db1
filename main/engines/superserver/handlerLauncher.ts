import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { HandlerIdentity } from './handlerIdentity.ts';
import type { InetdEntry } from './inetdConfiguration.ts';
import { descriptorsWithoutCloseOnExec } from './inheritedDescriptors.ts';
import { killProcessGroup, type NativeSpawner } from './nativeSpawn.ts';

/** A started handler process, however it was started. */
export interface RunningHandler {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  readonly exited: Promise<{ exitCode: number | null; signal: string | null; error?: Error }>;
  kill(signal: NodeJS.Signals): void;
}

export function runningChild(child: ChildProcess): RunningHandler {
  return {
    pid: child.pid,
    stderr: child.stderr,
    exited: new Promise((resolve) => {
      child.once('error', (error) => resolve({ exitCode: null, signal: null, error }));
      child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
    }),
    // Started detached, the handler leads a session and process group of its own.
    kill: (signal) => {
      if (child.pid === undefined || !killProcessGroup(child.pid, signal)) child.kill(signal);
    },
  };
}

/**
 * The whole environment a handler gets, as inetd gives it: a search path and, for a connection,
 * who is on the other end. Nothing of proclab's own environment (its settings, a user's tokens).
 */
const handlerSearchPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface LauncherOptions {
  /** Starts `nowait` handlers without forking the runtime, where native calls can be made. */
  spawner?: NativeSpawner;
  /** Marks descriptors close-on-exec, where native calls can be made. */
  setCloseOnExec?: (descriptors: readonly number[]) => number;
}

/**
 * Starts one service's handlers as inetd does: as the configured user (when proclab is root),
 * in a process group of their own, with a minimal environment and no descriptor of proclab's
 * but the connection (0, 1) and a pipe for stderr (2).
 */
export class HandlerLauncher {
  private baseEnvironment: NodeJS.ProcessEnv | undefined;
  private entry: InetdEntry;
  private identity: HandlerIdentity;
  private readonly options: LauncherOptions;

  constructor(entry: InetdEntry, identity: HandlerIdentity, options: LauncherOptions) {
    this.entry = entry;
    this.identity = identity;
    this.options = options;
  }

  /** A reload: the next handler starts with the new entry and user. */
  update(entry: InetdEntry, identity: HandlerIdentity): void {
    this.entry = entry;
    this.identity = identity;
    this.baseEnvironment = undefined;
  }

  environment(extra: Record<string, string>): NodeJS.ProcessEnv {
    if (this.baseEnvironment === undefined) {
      // Inside the desktop app process.execPath is Electron, which runs a script as Node only when asked.
      const electronAsNode = this.entry.serverPath === process.execPath && process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
      this.baseEnvironment = { PATH: handlerSearchPath, ...electronAsNode };
    }
    return { ...this.baseEnvironment, ...extra };
  }

  /**
   * Node's child_process, for a handler that changes user (posix_spawn cannot) or where native
   * calls cannot be made: in a session and process group of its own, with only `stdio` as its
   * descriptors (proclab's inherited ones sealed first), as the configured user where that applies.
   */
  startChildProcess(stdio: (number | Socket | 'pipe')[], env: NodeJS.ProcessEnv): ChildProcess {
    const [argv0, ...args] = this.entry.argv;
    const inherited = descriptorsWithoutCloseOnExec();
    if (inherited.length > 0) this.options.setCloseOnExec?.(inherited);
    const identity = this.identity.kind === 'switch' ? { uid: this.identity.uid, gid: this.identity.gid } : {};
    return spawn(this.entry.serverPath, args, { argv0, stdio, env, detached: true, ...identity });
  }

  /** A handler for one connection: posix_spawn where it can be used, child_process otherwise. */
  startForConnection(socket: Socket, env: NodeJS.ProcessEnv): RunningHandler {
    // The connection's descriptor, still paused (pauseOnConnect): nothing of it has been read here.
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    const spawner = this.options.spawner;
    // posix_spawn keeps the superserver's user: a handler that changes user takes the slower fork.
    if (spawner !== undefined && this.identity.kind !== 'switch' && typeof fd === 'number' && fd >= 0) {
      const [argv0, ...args] = this.entry.argv;
      const native = spawner.spawn(this.entry.serverPath, [argv0 ?? this.entry.serverPath, ...args], env, fd);
      return { pid: native.pid, stderr: native.stderr, exited: native.exited, kill: native.kill };
    }
    return runningChild(this.startChildProcess([socket, socket, 'pipe'], env));
  }
}
