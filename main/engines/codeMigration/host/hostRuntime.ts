// Everything one host process holds: its identity and platform, its resources, its links to the
// other hosts, its sandboxes, and the tables of what it answers — frames from other hosts and
// commands from the engine. The experiments' host-side parts register themselves here.
import { parsePlatform, type Platform } from '../platforms.ts';
import type { Frame } from './hostFrames.ts';
import type { HostConfig, HostEvent } from './hostMessages.ts';
import { HostResources } from './hostResources.ts';
import { PeerLinks, type Respond } from './peerLinks.ts';
import { SandboxPool } from './sandboxPool.ts';

export type PeerHandler = (frame: Frame, respond: Respond, peer: string) => Promise<unknown> | void;
export type CommandHandler = (args: Record<string, unknown>) => Promise<unknown>;

export class HostRuntime {
  readonly config: HostConfig;
  readonly platform: Platform;
  readonly resources: HostResources;
  readonly peers: PeerLinks;
  readonly pool: SandboxPool;
  readonly peerHandlers = new Map<string, PeerHandler>();
  readonly commands = new Map<string, CommandHandler>();
  private readonly emit: (event: HostEvent) => void;

  private constructor(config: HostConfig, resources: HostResources, emit: (event: HostEvent) => void) {
    this.config = config;
    this.platform = parsePlatform(config.platform);
    this.resources = resources;
    this.emit = emit;
    this.peers = new PeerLinks(config.name, config.address, (frame, respond, peer) => this.dispatch(frame, respond, peer), (hop) => emit({ kind: 'hop', hop, atMs: performance.now() }));
    this.pool = new SandboxPool({ ...config.sandbox, grantsRoot: config.grantsRoot, hostName: config.name, onStart: (pid) => emit({ kind: 'sandbox', pid }) });
  }

  static async start(config: HostConfig, emit: (event: HostEvent) => void): Promise<{ runtime: HostRuntime; port: number }> {
    const resources = await HostResources.open(config.directory, config.name, config.address, { seed: config.seed, dataIndex: Math.max(0, config.dataIndex), count: config.orders });
    const runtime = new HostRuntime(config, resources, emit);
    const port = await runtime.peers.listen();
    runtime.pool.warm();
    return { runtime, port };
  }

  note(message: string, data?: Record<string, unknown>): void {
    this.emit({ kind: 'note', message, ...(data === undefined ? {} : { data }) });
  }

  hostName(number: number): string | undefined {
    return this.config.hostNames[number];
  }

  hostNumber(name: string): number {
    return this.config.hostNames.indexOf(name);
  }

  private dispatch(frame: Frame, respond: Respond, peer: string): void {
    const handler = this.peerHandlers.get(frame.header.kind);
    const fail = (error: unknown): void => void respond({ error: error instanceof Error ? error.message : String(error) });
    if (handler === undefined) return fail(`${this.config.name} does not understand ${frame.header.kind}`);
    try {
      const handled = handler(frame, respond, peer);
      if (handled instanceof Promise) handled.catch(fail);
    } catch (error) {
      fail(error);
    }
  }

  async close(): Promise<void> {
    await this.pool.closeAll();
    await this.peers.close();
    await this.resources.close();
  }
}
