// What the engine and a host process say to each other over the host's IPC channel. The engine
// only directs experiments and collects facts; everything measured happens between the hosts.
import type { PlatformName } from '../platforms.ts';
import type { SandboxLimits } from '../sandbox/confinement.ts';
import type { Hop, PeerAddress } from './peerLinks.ts';

export interface HostConfig {
  name: string;
  /** Its number, as a mobile agent names it (GO n). */
  number: number;
  address: string;
  platform: PlatformName;
  /** Its private folder (databases, files, printer spool). */
  directory: string;
  /** Where its sandboxes' grant folders go. */
  grantsRoot: string;
  seed: number;
  /** Which data host it is (-1: none) and how many orders it keeps. */
  dataIndex: number;
  orders: number;
  sandbox: { modulePath: string; moduleFiles: string[]; limits: SandboxLimits };
  /** Every host's number → name, for agents' moves. */
  hostNames: string[];
}

export interface HostRequest {
  kind: 'request';
  id: number;
  command: string;
  args: Record<string, unknown>;
}

export type HostReply = { kind: 'reply'; id: number; ok: true; value: unknown } | { kind: 'reply'; id: number; ok: false; error: string };

export type HostEvent =
  | { kind: 'ready'; port: number; endpointPort: number; pid: number }
  | { kind: 'hop'; hop: Hop; atMs: number }
  | { kind: 'sandbox'; pid: number }
  | { kind: 'note'; message: string; data?: Record<string, unknown> };

export type FromHost = HostReply | HostEvent;

export type PeerTable = Record<string, PeerAddress>;
