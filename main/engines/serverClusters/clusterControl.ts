// The engine's side of a running cluster: it starts tier 3 (the data server) and tier 1 (the
// dispatcher, which starts tier 2), talks to the dispatcher by request and reply, and ends all
// of it. Used by the lab's runs and by `proclab cluster`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { serverClustersEntryModules } from './serverClustersEntryModules.ts';
import { within } from '../../toolkit/abortableWaits.ts';
import { forkChildProcess, type SupervisedChild } from '../../toolkit/supervisedChild.ts';
import type { DataServerOptions, DataServerStats, DataServerToEngine, DispatcherOptions, DispatcherStats, DispatcherToEngine, DispatchMode, EngineToDataServer, EngineToDispatcher, ServerSettings } from './clusterMessages.ts';
import type { DispatchPolicy } from './dispatchPolicy.ts';

/** Tier 1 on 127.0.2.1, tier 2 on 127.0.2.11…, tier 3 on 127.0.2.100: each its own loopback host. */
export const dispatcherHost = '127.0.2.1';
export const dataHost = '127.0.2.100';
export function serverHost(index: number): string {
  return `127.0.2.${11 + index}`;
}

const startBoundMs = 20_000;
const replyBoundMs = 10_000;
const stopGraceMs = 2_000;

const childFork = {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[],
  execArgv: [] as string[],
  env: process.versions.electron === undefined ? process.env : { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
};

export interface ClusterOptions {
  servers: number;
  objects: number;
  /** Tier 3's capacity: queries served at once (0: no limit) and the time each holds its slot. */
  dataTier?: { concurrency: number; queryTimeMs: number };
  port: number;
  mode: DispatchMode;
  policy: DispatchPolicy;
  healthIntervalMs: number;
  loadReportIntervalMs: number;
  server: ServerSettings;
  seed: number;
}

export interface ServerProcess {
  index: number;
  host: string;
  port: number;
  pid: number;
}

export type ClusterEvent = Extract<DispatcherToEngine, { type: 'server-down' | 'server-up' }>;

type DispatcherChild = SupervisedChild<DispatcherToEngine, EngineToDispatcher, Extract<DispatcherToEngine, { type: 'ready' }>>;
type DataChild = SupervisedChild<DataServerToEngine, EngineToDataServer, number>;

export class RunningCluster {
  private nextId = 1;
  private readonly waiting = new Map<number, (message: Extract<DispatcherToEngine, { type: 'reply' }>) => void>();
  private readonly dataWaiting = new Map<number, (message: Extract<DataServerToEngine, { type: 'reply' }>) => void>();
  private readonly listeners: ((event: ClusterEvent) => void)[] = [];

  readonly dispatcher: DispatcherChild;
  readonly data: DataChild;
  readonly port: number;
  readonly servers: ServerProcess[];
  private readonly databaseDirectory: string;

  constructor(dispatcher: DispatcherChild, data: DataChild, port: number, servers: ServerProcess[], databaseDirectory: string) {
    this.dispatcher = dispatcher;
    this.data = data;
    this.port = port;
    this.servers = servers;
    this.databaseDirectory = databaseDirectory;
    dispatcher.onMessage((message) => {
      if (message.type === 'reply') {
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
      } else if (message.type === 'server-down' || message.type === 'server-up') for (const listener of this.listeners) listener(message);
    });
    data.onMessage((message) => {
      if (message.type !== 'reply') return;
      this.dataWaiting.get(message.id)?.(message);
      this.dataWaiting.delete(message.id);
    });
  }

  get dispatcherPid(): number {
    return this.dispatcher.pid ?? 0;
  }

  onServerEvent(listener: (event: ClusterEvent) => void): void {
    this.listeners.push(listener);
  }

  configure(mode: DispatchMode, policy: DispatchPolicy, server: ServerSettings, activeServers?: number): Promise<void> {
    return this.call({ type: 'configure', id: 0, mode, policy, server, ...(activeServers === undefined ? {} : { activeServers }) }).then(() => undefined);
  }

  /** Zeroes the counters of every tier: the dispatcher's, the application servers' and the data server's. */
  async reset(): Promise<void> {
    await Promise.all([this.call({ type: 'reset', id: 0 }), this.callData({ type: 'reset', id: 0 })]);
  }

  /** What the data server counted since the last reset. */
  async dataStats(): Promise<DataServerStats> {
    const reply = await this.callData({ type: 'stats', id: 0 });
    return reply.stats!;
  }

  async stats(): Promise<DispatcherStats> {
    const reply = await this.call({ type: 'stats', id: 0 });
    return reply.stats!;
  }

  /** Starts a fresh process for server `index` (it rejoins at the next health check). */
  async restart(index: number): Promise<void> {
    await this.call({ type: 'restart', id: 0, index });
    const stats = await this.stats();
    const server = this.servers[index];
    if (server !== undefined) server.pid = stats.servers[index]?.pid ?? server.pid;
  }

  async stop(): Promise<void> {
    await Promise.all([this.dispatcher.stop(stopGraceMs), this.data.stop(stopGraceMs)]);
    await rm(this.databaseDirectory, { recursive: true, force: true });
  }

  private async callData(message: EngineToDataServer): Promise<Extract<DataServerToEngine, { type: 'reply' }>> {
    const id = this.nextId++;
    const answered = new Promise<Extract<DataServerToEngine, { type: 'reply' }>>((resolve) => this.dataWaiting.set(id, resolve));
    this.data.send({ ...message, id });
    const reply = await within(Promise.race([answered, this.data.failed.then((error) => Promise.reject(error))]), replyBoundMs);
    this.dataWaiting.delete(id);
    if (reply === undefined) throw new Error(`the data server did not answer ${message.type} in time`);
    return reply;
  }

  private async call(message: Exclude<EngineToDispatcher, { type: 'stop' }>): Promise<Extract<DispatcherToEngine, { type: 'reply' }>> {
    const id = this.nextId++;
    const answered = new Promise<Extract<DispatcherToEngine, { type: 'reply' }>>((resolve) => this.waiting.set(id, resolve));
    this.dispatcher.send({ ...message, id });
    const reply = await within(Promise.race([answered, this.dispatcher.failed.then((error) => Promise.reject(error))]), replyBoundMs);
    this.waiting.delete(id);
    if (reply === undefined) throw new Error(`the dispatcher did not answer ${message.type} in time`);
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply;
  }
}

/** Starts the three tiers; everything started is ended again if a later step fails. */
export async function startCluster(options: ClusterOptions, signal?: AbortSignal): Promise<RunningCluster> {
  const databaseDirectory = await mkdtemp(join(tmpdir(), 'proclab-cluster-'));
  const dataOptions: DataServerOptions = { host: dataHost, databasePath: join(databaseDirectory, 'objects.sqlite'), objects: options.objects, concurrency: options.dataTier?.concurrency ?? 0, queryTimeMs: options.dataTier?.queryTimeMs ?? 0 };
  const data = forkChildProcess<DataServerToEngine, EngineToDataServer, number>(entryModulePath(serverClustersEntryModules.dataServer), {
    name: 'the data server',
    args: [JSON.stringify(dataOptions)],
    fork: childFork,
    readyFrom: (message) => (message.type === 'ready' ? message.port : undefined),
    failureFrom: (message) => (message.type === 'failed' ? new Error(message.message) : undefined),
  });
  let dispatcher: SupervisedChild<DispatcherToEngine, EngineToDispatcher, Extract<DispatcherToEngine, { type: 'ready' }>> | undefined;
  try {
    const dataPort = await within(data.ready, startBoundMs, signal);
    if (dataPort === undefined) throw new Error(signal?.aborted ? 'cancelled' : 'the data server did not start in time');
    const dispatcherOptions: DispatcherOptions = {
      dispatcherHost,
      serverHosts: Array.from({ length: options.servers }, (_, index) => serverHost(index)),
      dataHost,
      dataPort,
      port: options.port,
      mode: options.mode,
      policy: options.policy,
      healthIntervalMs: options.healthIntervalMs,
      loadReportIntervalMs: options.loadReportIntervalMs,
      server: options.server,
      seed: options.seed,
    };
    dispatcher = forkChildProcess(entryModulePath(serverClustersEntryModules.dispatcher), {
      name: 'the dispatcher',
      args: [JSON.stringify(dispatcherOptions)],
      fork: childFork,
      readyFrom: (message) => (message.type === 'ready' ? message : undefined),
      failureFrom: (message) => (message.type === 'failed' ? new Error(message.message) : undefined),
    });
    const ready = await within(dispatcher.ready, startBoundMs, signal);
    if (ready === undefined) throw new Error(signal?.aborted ? 'cancelled' : 'the dispatcher did not start in time');
    return new RunningCluster(dispatcher, data, ready.port, ready.servers, databaseDirectory);
  } catch (error) {
    await Promise.all([dispatcher?.stop(stopGraceMs), data.stop(stopGraceMs)]);
    await rm(databaseDirectory, { recursive: true, force: true });
    throw error;
  }
}
