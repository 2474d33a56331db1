// What the tiers of the cluster say to each other over their IPC channels: the engine to the
// dispatcher (tier 1), the dispatcher to the application servers it starts (tier 2). Every
// request carries an id and is answered with the same id.
import type { Workload } from '../../workload/workload.ts';
import type { DispatchPolicy } from './dispatchPolicy.ts';
import type { TrafficCount } from './socketTraffic.ts';

export type DispatchMode = 'relay' | 'handoff';

export interface ClusterAddresses {
  /** Tier 1: where clients connect. */
  dispatcherHost: string;
  /** Tier 2: one address per application server. */
  serverHosts: string[];
  /** Tier 3. */
  dataHost: string;
  dataPort: number;
}

export interface DispatcherOptions extends ClusterAddresses {
  /** 0: any free port (the same port on every address is not needed: each host has its own). */
  port: number;
  mode: DispatchMode;
  policy: DispatchPolicy;
  /** How often the dispatcher probes each server with a TCP connect. */
  healthIntervalMs: number;
  /** How often servers send their load to the dispatcher (the server-load policy reads it). */
  loadReportIntervalMs: number;
  server: ServerSettings;
  seed: number;
}

/** What every application server is told; changed between phases with `configure`. */
export interface ServerSettings {
  responseSizeBytes: number;
  /** Close a client connection after this many responses (0: keep it open). */
  requestsPerConnection: number;
  workload: Workload;
  /** Objects (data-tier rows) each server keeps in its cache. */
  cacheObjects: number;
  /** Objects the data tier holds; a request's path names one of them. */
  objects: number;
}

export interface ServerStats {
  index: number;
  host: string;
  port: number;
  pid: number;
  alive: boolean;
  requests: number;
  cacheHits: number;
  dataQueries: number;
  /** Connections handed to this server (handoff) or relayed to it. */
  connections: number;
  /** Client connections given to it by descriptor passing. */
  handedOff: number;
  /** Bytes through its sockets since the last reset, as this server counted them. */
  traffic: ServerTraffic;
}

export interface ServerTraffic {
  /** Client connections handed to it: the client's later requests in, the responses straight out. */
  handedOff: TrafficCount;
  /** Connections it accepted on its own address (the dispatcher's, when relaying). */
  accepted: TrafficCount;
  /** Its connection to the data tier: queries out, answers in. */
  data: TrafficCount;
}

export interface DispatcherStats {
  pid: number;
  port: number;
  mode: DispatchMode;
  policy: DispatchPolicy;
  /** Bytes the dispatcher read from and wrote to client and server sockets. */
  clientBytesIn: number;
  clientBytesOut: number;
  serverBytesIn: number;
  serverBytesOut: number;
  connectionsAccepted: number;
  /** Relay: connections it opened to a server. */
  serverConnections: number;
  /** Handoff: client connections whose descriptor it passed to a server, and the bytes it had read of them (sent along to be replayed). */
  handedOff: number;
  replayBytes: number;
  /** Client connections refused or dropped because no server could take them. */
  connectionsFailed: number;
  servers: ServerStats[];
  /** Health-check verdicts: index of servers marked down and when (ms since the dispatcher started). */
  downSince: (number | null)[];
}

export type EngineToDispatcher =
  | { type: 'configure'; id: number; mode: DispatchMode; policy: DispatchPolicy; server: ServerSettings; activeServers?: number }
  | { type: 'reset'; id: number }
  | { type: 'stats'; id: number }
  | { type: 'restart'; id: number; index: number }
  | { type: 'stop' };

export type DispatcherToEngine =
  | { type: 'ready'; port: number; servers: { index: number; host: string; port: number; pid: number }[] }
  | { type: 'reply'; id: number; stats?: DispatcherStats; error?: string }
  | { type: 'server-down'; index: number; atMs: number; reason: string }
  | { type: 'server-up'; index: number; atMs: number }
  | { type: 'failed'; message: string };

export type DispatcherToServer =
  | { type: 'connection'; replay: string }
  | { type: 'configure'; id: number; settings: ServerSettings }
  | { type: 'reset'; id: number }
  | { type: 'stats'; id: number };

export type ServerToDispatcher =
  | { type: 'ready'; port: number }
  | { type: 'load'; inFlight: number; connections: number }
  | { type: 'closed' }
  | { type: 'reply'; id: number; stats?: Omit<ServerStats, 'index' | 'host' | 'alive'> }
  | { type: 'failed'; message: string };

/** Options of an application server process, passed as its first argument. */
export interface AppServerOptions {
  index: number;
  host: string;
  /** 0: any free port. Every server after the first takes the first one's port, on its own address, so one DNS name (addresses only) reaches them all. */
  port: number;
  dataHost: string;
  dataPort: number;
  loadReportIntervalMs: number;
  settings: ServerSettings;
  seed: number;
}

export type EngineToDataServer = { type: 'stats'; id: number } | { type: 'reset'; id: number };

/** What the data server counted since its last reset. */
export interface DataServerStats {
  connectionsAccepted: number;
  /** Sockets that carried at least one byte since the reset. */
  connections: number;
  bytesIn: number;
  bytesOut: number;
  queries: number;
  /** Summed over the queries answered: time each waited in the queue for a slot, and held it. */
  queueWaitMs: number;
  busySlotMs: number;
  /** Slots it serves at once (0: no limit). */
  slots: number;
}

export type DataServerToEngine =
  | { type: 'ready'; port: number }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; stats?: DataServerStats };

/** Options of the data server process. */
export interface DataServerOptions {
  host: string;
  databasePath: string;
  objects: number;
  /** Queries served at once (0: no limit); the rest wait in the data server's queue. */
  concurrency: number;
  /** How long each query holds its slot (0: only the SQLite lookup itself). */
  queryTimeMs: number;
}
