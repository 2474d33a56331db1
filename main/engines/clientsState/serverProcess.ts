// The lab's servers are operating-system processes: started with their configuration, ready when
// they say on which port they listen, asked for their counts over the IPC channel, and crashed
// with a real SIGKILL. A server that dies when nobody killed it fails the run.
import type { EngineContext } from '../engine.ts';
import { EngineFailure } from '../engine.ts';
import { entryModulePath, type EntryModule } from '../../platform/moduleEntry.ts';
import { forkChildProcess, type SupervisedChild } from '../../toolkit/supervisedChild.ts';
import { within } from '../../toolkit/abortableWaits.ts';
import { isAddressInUse, portBelowEphemeralRange } from '../../network/stablePorts.ts';
import type { RunGuard } from './runGuard.ts';

export interface ServerReady {
  kind: 'ready';
  port: number;
  pid: number;
}

interface ServerReply {
  kind: 'reply';
  requestId: number;
  body: unknown;
}

type ServerMessage = ServerReady | ServerReply | { kind: 'failed'; message: string };

const readyTimeoutMs = 15_000;
const requestTimeoutMs = 5_000;
const portAttempts = 20;

export class ServerProcess {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  private readonly child: SupervisedChild<ServerMessage, unknown, ServerReady>;
  private readonly pending = new Map<number, (body: unknown) => void>();
  private nextRequestId = 1;
  private expectedToEnd = false;

  private constructor(name: string, child: SupervisedChild<ServerMessage, unknown, ServerReady>, ready: ServerReady) {
    this.name = name;
    this.child = child;
    this.port = ready.port;
    this.pid = ready.pid;
    child.onMessage((message) => {
      if (message.kind !== 'reply') return;
      this.pending.get(message.requestId)?.(message.body);
      this.pending.delete(message.requestId);
    });
  }

  /**
   * Starts `entry` with `config` (as JSON in argv) and waits until it listens. A server asked for
   * port 0 gets one below the ephemeral range (see stablePorts.ts), so that it can be restarted on
   * the same port after a crash; another one is tried when that is taken.
   */
  static async start(context: EngineContext, guard: RunGuard, name: string, entry: EntryModule, config: Record<string, unknown>): Promise<ServerProcess> {
    if (config.port !== 0) return ServerProcess.startOnce(context, guard, name, entry, config);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await ServerProcess.startOnce(context, guard, name, entry, { ...config, port: portBelowEphemeralRange() });
      } catch (error) {
        if (!(error instanceof EngineFailure) || !isAddressInUse(error.message) || attempt >= portAttempts || guard.cancelled) throw error;
      }
    }
  }

  private static async startOnce(context: EngineContext, guard: RunGuard, name: string, entry: EntryModule, config: Record<string, unknown>): Promise<ServerProcess> {
    const child = forkChildProcess<ServerMessage, unknown, ServerReady>(entryModulePath(entry), {
      name,
      args: [JSON.stringify(config)],
      // A server reports its own start-up failure as a message; its stderr is not read.
      fork: { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' },
      readyFrom: (message) => (message.kind === 'ready' ? message : undefined),
      failureFrom: (message) => (message.kind === 'failed' ? new Error(message.message) : undefined),
      // A clean stop: the server unregisters and closes before it exits.
      stopMessage: { kind: 'leave' },
    });
    context.defer(`${name} (process)`, async () => {
      await child.kill();
    });
    const ready = await within(child.ready, readyTimeoutMs, guard.signal).catch((error: Error) => {
      throw new EngineFailure(`${name} did not start: ${error.message}`);
    });
    if (ready === undefined) {
      await child.kill();
      guard.check();
      if (guard.cancelled) throw new EngineFailure(`${name} was still starting when the run was cancelled`);
      throw new EngineFailure(`${name} did not say it was listening within ${readyTimeoutMs / 1000} s`);
    }
    const server = new ServerProcess(name, child, ready);
    void child.failed.then((error) => {
      if (!server.expectedToEnd) guard.fail(new EngineFailure(`${name} (pid ${ready.pid}) ended when nobody stopped it: ${error.message}`));
    });
    return server;
  }

  get hasExited(): boolean {
    return this.child.hasExited;
  }

  /** Asks the server something over its IPC channel (its counts); undefined if it is gone or silent. */
  async ask(kind: string, body: Record<string, unknown> = {}): Promise<unknown> {
    if (this.child.hasExited) return undefined;
    const requestId = this.nextRequestId;
    this.nextRequestId += 1;
    const answer = new Promise<unknown>((resolve) => this.pending.set(requestId, resolve));
    this.child.send({ kind, requestId, ...body });
    const reply = await within(answer, requestTimeoutMs);
    this.pending.delete(requestId);
    return reply;
  }

  /** A crash: SIGKILL, no chance to tidy up; resolves once the process is gone. */
  async crash(): Promise<void> {
    this.expectedToEnd = true;
    await this.child.kill();
  }

  /** A clean stop: the server is asked to leave (it unregisters first), forced after a grace period. */
  async leave(graceMs = 2_000): Promise<void> {
    this.expectedToEnd = true;
    await this.child.stop(graceMs);
  }
}
