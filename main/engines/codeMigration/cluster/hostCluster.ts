// The engine's side of the hosts: it starts each host process on its own loopback address, puts a
// shaped relay in front of each (every link into a host goes through it), tells every host where
// its peers' relays are, passes commands, and tears everything down — hosts, their sandboxes,
// relays, files — however the run ends.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShapedRelay, type LinkShape } from '../../../network/shapedRelay.ts';
import { entryModulePath } from '../../../platform/moduleEntry.ts';
import { codeMigrationEntryModules } from '../codeMigrationEntryModules.ts';
import { bounded, within } from '../../../toolkit/abortableWaits.ts';
import { forkChildProcess, type SupervisedChild } from '../../../toolkit/supervisedChild.ts';
import { EngineFailure } from '../../engine.ts';
import type { Hop } from '../host/peerLinks.ts';
import type { FromHost, HostConfig, HostEvent, HostRequest } from '../host/hostMessages.ts';
import type { PlatformName } from '../platforms.ts';
import type { SandboxLimits } from '../sandbox/confinement.ts';
import { moduleFiles } from '../sandbox/moduleFiles.ts';

export interface ClusterHostSpec {
  name: string;
  platform: PlatformName;
  /** -1: not a data host. */
  dataIndex: number;
  orders: number;
}

export interface ClusterOptions {
  seed: number;
  limits: SandboxLimits;
  signal: AbortSignal;
  onHop: (hop: Hop) => void;
  onNote: (message: string) => void;
}

interface ClusterHost {
  name: string;
  number: number;
  address: string;
  platform: PlatformName;
  child: SupervisedChild<FromHost, HostRequest, Extract<HostEvent, { kind: 'ready' }>>;
  pid: number;
  peerPort: number;
  endpointPort: number;
  relay: ShapedRelay | undefined;
}

const readyTimeoutMs = 60_000;

export class HostCluster {
  readonly runDirectory: string;
  readonly hosts = new Map<string, ClusterHost>();
  private readonly options: ClusterOptions;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly sandboxPids = new Set<number>();
  private nextRequest = 1;
  /** The modules every sandbox loads (what its unprivileged user must be able to read). */
  sandboxFiles: readonly string[] = [];
  private closed = false;

  private constructor(runDirectory: string, options: ClusterOptions) {
    this.runDirectory = runDirectory;
    this.options = options;
  }

  /** Starts the hosts and their links; `register` gets the cluster before anything can be left behind. */
  static async start(specs: readonly ClusterHostSpec[], options: ClusterOptions, register: (cluster: HostCluster) => void): Promise<HostCluster> {
    const runDirectory = mkdtempSync(join(tmpdir(), 'proclab-code-migration-'));
    // The sandboxes run as another user: they must be able to pass through to their grant folders.
    chmodSync(runDirectory, 0o755);
    mkdirSync(join(runDirectory, 'hosts'), { mode: 0o700 });
    mkdirSync(join(runDirectory, 'grants'), { mode: 0o755 });
    const cluster = new HostCluster(runDirectory, options);
    register(cluster);
    const sandboxModule = entryModulePath(codeMigrationEntryModules.sandbox);
    const sandbox = { modulePath: sandboxModule, moduleFiles: moduleFiles(sandboxModule), limits: options.limits };
    cluster.sandboxFiles = sandbox.moduleFiles;
    const hostNames = specs.map((spec) => spec.name);
    await Promise.all(specs.map((spec, number) => cluster.startHost(spec, number, hostNames, sandbox)));
    for (const host of cluster.hosts.values()) {
      host.relay = await ShapedRelay.start({ listenHost: host.address, targetHost: host.address, targetPort: host.peerPort, shape: { bandwidthBytesPerSecond: 0, latencyMs: 0 } });
    }
    for (const host of cluster.hosts.values()) {
      const peers = Object.fromEntries([...cluster.hosts.values()].filter((peer) => peer.name !== host.name).map((peer) => [peer.name, peer.relay!.address]));
      await cluster.request(host.name, 'peers', { peers });
    }
    return cluster;
  }

  private async startHost(spec: ClusterHostSpec, number: number, hostNames: string[], sandbox: HostConfig['sandbox']): Promise<void> {
    const address = `127.0.1.${number + 1}`;
    const config: HostConfig = {
      name: spec.name,
      number,
      address,
      platform: spec.platform,
      directory: join(this.runDirectory, 'hosts', spec.name),
      grantsRoot: join(this.runDirectory, 'grants'),
      seed: this.options.seed,
      dataIndex: spec.dataIndex,
      orders: spec.orders,
      sandbox,
      hostNames,
    };
    const child = forkChildProcess<FromHost, HostRequest, Extract<HostEvent, { kind: 'ready' }>>(entryModulePath(codeMigrationEntryModules.host), {
      name: `host ${spec.name}`,
      args: [JSON.stringify(config)],
      readyFrom: (message) => (message.kind === 'ready' ? message : undefined),
      stopMessage: { kind: 'request', id: 0, command: 'shutdown', args: {} },
      fork: { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
    });
    child.onMessage((message) => this.receive(message));
    const started = await bounded(child.ready, readyTimeoutMs, this.options.signal);
    if (started.outcome !== 'settled') {
      await child.kill();
      throw new EngineFailure(started.outcome === 'aborted' ? 'cancelled while the hosts started' : `host ${spec.name} did not start within ${readyTimeoutMs / 1000} s`);
    }
    this.hosts.set(spec.name, { name: spec.name, number, address, platform: spec.platform, child, pid: started.value.pid, peerPort: started.value.port, endpointPort: started.value.endpointPort, relay: undefined });
  }

  private receive(message: FromHost): void {
    switch (message.kind) {
      case 'reply': {
        const waiting = this.pending.get(message.id);
        if (waiting === undefined) return;
        this.pending.delete(message.id);
        if (message.ok) waiting.resolve(message.value);
        else waiting.reject(new EngineFailure(message.error));
        return;
      }
      case 'hop':
        this.options.onHop(message.hop);
        return;
      case 'sandbox':
        this.sandboxPids.add(message.pid);
        return;
      case 'note':
        this.options.onNote(message.message);
        return;
      default:
    }
  }

  host(name: string): ClusterHost {
    const host = this.hosts.get(name);
    if (host === undefined) throw new EngineFailure(`no host ${name}`);
    return host;
  }

  /** Runs a command on a host; rejects if the host fails, dies, the time runs out or the run is cancelled. */
  async request<T = unknown>(hostName: string, command: string, args: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
    const host = this.host(hostName);
    const id = this.nextRequest++;
    const answered = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    answered.catch(() => undefined);
    host.child.send({ kind: 'request', id, command, args });
    // Any host, not only this one: a command may wait on a peer (a TCP request, a reply), and a
    // peer that died would otherwise hold it until its time limit.
    const died = Promise.race(
      [...this.hosts.values()].map((candidate) =>
        candidate.child.failed.then((error) => {
          throw new EngineFailure(candidate === host ? `host ${hostName} failed during ${command}: ${error.message}` : `host ${candidate.name} failed while host ${hostName} ran ${command}: ${error.message}`);
        }),
      ),
    );
    const ended = await bounded(Promise.race([answered, died]), timeoutMs, this.options.signal);
    this.pending.delete(id);
    if (ended.outcome === 'aborted') throw new EngineFailure('cancelled');
    if (ended.outcome === 'timeout') throw new EngineFailure(`host ${hostName} did not finish ${command} within ${Math.round(timeoutMs / 1000)} s`);
    return ended.value as T;
  }

  /** Every link into every host gets this shape. */
  setLinkShape(shape: LinkShape): void {
    for (const host of this.hosts.values()) host.relay?.setShape(shape);
  }

  resetCounters(): void {
    for (const host of this.hosts.values()) host.relay?.resetCounters();
  }

  /** Bytes that crossed every link (both directions) since the counters were reset. */
  get bytesOverLinks(): number {
    let bytes = 0;
    for (const host of this.hosts.values()) bytes += (host.relay?.counters.bytesForward ?? 0) + (host.relay?.counters.bytesBackward ?? 0);
    return bytes;
  }

  /** Frames every host has sent so far. */
  async framesSent(): Promise<number> {
    const counts = await Promise.all([...this.hosts.keys()].map((name) => this.request<{ framesSent: number }>(name, 'counters')));
    return counts.reduce((sum, count) => sum + count.framesSent, 0);
  }

  /** Waits until every host has a sandbox ready (so that starting one is not measured). */
  async settle(): Promise<void> {
    await Promise.all([...this.hosts.keys()].map((name) => this.request(name, 'settle')));
  }

  /** Host and sandbox processes of this run still alive (checked against their command lines). */
  livePids(): number[] {
    const pids = [...[...this.hosts.values()].map((host) => host.pid), ...this.sandboxPids];
    return pids.filter((pid) => this.isOurs(pid));
  }

  private isOurs(pid: number): boolean {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return commandLine.includes(this.runDirectory) || commandLine.includes('codeMigration') || commandLine.includes('proclab-code-migration');
    } catch {
      return false;
    }
  }

  /** Stops every host (each closes its sandboxes), kills whatever is left of this run, closes the relays, removes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiting of this.pending.values()) waiting.reject(new EngineFailure('the hosts are shutting down'));
    this.pending.clear();
    await Promise.all([...this.hosts.values()].map((host) => host.child.stop(3_000)));
    for (const pid of this.sandboxPids) {
      if (!this.isOurs(pid)) continue;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Gone between the check and the kill.
      }
    }
    await Promise.all([...this.hosts.values()].map((host) => host.relay?.close()));
    // A sandbox killed a moment ago may still be letting go of its files.
    await within(new Promise((resolve) => setTimeout(resolve, 20)), 50);
    rmSync(this.runDirectory, { recursive: true, force: true });
  }
}
