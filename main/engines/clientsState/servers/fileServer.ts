// The file server, in the design its configuration names. Files live in a real folder and
// survive a crash; what the server knows about its clients (handles, read-ahead buffers, who
// caches which file, leases) lives in its memory and does not.
import { closeSync, existsSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInterface } from '../../../protocols/oncRpc/interfaceLanguage.ts';
import { generateServerSkeleton, type CallContext, type ServedVersion } from '../../../protocols/oncRpc/rpcSkeleton.ts';
import { generateClientStub } from '../../../protocols/oncRpc/rpcStub.ts';
import { RpcTcpServer, type RpcServerConnection } from '../../../protocols/oncRpc/rpcTcpServer.ts';
import { fileInterfaceText, type FileCallback, type FileStatus, type OpenResult, type ReadResult } from '../interfaces/fileInterface.ts';
import { blockVersion } from './fileBlocks.ts';
import { answerEngine, sayFailed, sayReady, serverConfig } from './serverEntry.ts';

export type FileServerDesign = 'stateless' | 'stateful' | 'soft-state';

export interface FileServerConfig {
  host: string;
  port: number;
  design: FileServerDesign;
  directory: string;
  /** Soft state: how long a client's lease lasts without a call. */
  leaseMs: number;
  /** Stateful designs: blocks read from disk at once, kept for the handle's next reads. */
  readAheadBytes: number;
  callbackTimeoutMs: number;
}

const config = serverConfig<FileServerConfig>();
const definition = parseInterface(fileInterfaceText);
const startedAtMs = performance.now();
// A server that finds its boot record on disk knows it ran before: it is recovering from a crash.
const bootRecord = join(config.directory, '.server-booted');
const recovering = existsSync(bootRecord);
const leased = config.design === 'soft-state';
const counts = { reads: 0, diskReads: 0, readAheadHits: 0, writes: 0, callbacksSent: 0, callbacksFailed: 0, writesRefusedInGrace: 0, leasesExpired: 0 };

function pathOf(name: string): string | undefined {
  return /^[\w.-]{1,255}$/.test(name) && !name.startsWith('.') ? join(config.directory, name) : undefined;
}

function currentVersion(path: string): number {
  if (!existsSync(path)) return -1;
  const descriptor = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    return readSync(descriptor, header, 0, 16, 0) < 16 ? -1 : blockVersion(header);
  } finally {
    closeSync(descriptor);
  }
}

/** Writes a file unless it already holds this version or a later one: a repeated WRITE changes nothing. */
function writeVersion(name: string, version: number, data: Buffer): FileStatus {
  const path = pathOf(name);
  if (path === undefined) return 'FILE_NOENT';
  if (currentVersion(path) >= version) return 'FILE_OK';
  writeFileSync(path, data);
  counts.writes += 1;
  return 'FILE_OK';
}

function readAt(descriptor: number, offset: number, count: number): ReadResult {
  const size = fstatSync(descriptor).size;
  const length = Math.max(0, Math.min(count, size - offset));
  const data = Buffer.alloc(length);
  if (length > 0) readSync(descriptor, data, 0, length, offset);
  counts.diskReads += 1;
  return { status: 'FILE_OK', data, eof: offset + length >= size };
}

/** NFSv3's way: the call says everything; the server opens, reads and closes, and forgets. */
const statelessImplementation = {
  read(name: string, offset: number, count: number): ReadResult {
    counts.reads += 1;
    const path = pathOf(name);
    if (path === undefined || !existsSync(path)) return { status: 'FILE_NOENT', data: Buffer.alloc(0), eof: true };
    const descriptor = openSync(path, 'r');
    try {
      return readAt(descriptor, offset, count);
    } finally {
      closeSync(descriptor);
    }
  },
  write(name: string, version: number, data: Buffer): FileStatus {
    return writeVersion(name, version, data);
  },
};

interface OpenFile {
  name: string;
  descriptor: number;
  owner: string;
  readAhead: { offset: number; data: Buffer; eof: boolean } | undefined;
}

const handles = new Map<number, OpenFile>();
/** Who caches which file, and the connection to call them back on: the server's promise. */
const cachers = new Map<string, Map<string, RpcServerConnection>>();
/** Soft state: each client's lease, renewed by its every call. */
const leases = new Map<string, number>();
let nextHandle = 1 + Math.floor(Math.random() * 1_000_000);
const callbackStubs = new WeakMap<RpcServerConnection, FileCallback>();

function callbackOf(connection: RpcServerConnection): FileCallback {
  let stub = callbackStubs.get(connection);
  if (stub === undefined) {
    stub = generateClientStub<FileCallback>(definition, 'FILE_CALLBACK', 1, (call) => connection.rpc.call(call.xid, call.message, config.callbackTimeoutMs)).methods;
    callbackStubs.set(connection, stub);
  }
  return stub;
}

function forgetClient(owner: string): void {
  for (const [handle, open] of handles) {
    if (open.owner !== owner) continue;
    closeSync(open.descriptor);
    handles.delete(handle);
  }
  for (const holders of cachers.values()) holders.delete(owner);
  leases.delete(owner);
}

function leaseValid(owner: string): boolean {
  const expiresAt = leases.get(owner);
  return expiresAt !== undefined && expiresAt > performance.now();
}

/** Soft state expires by itself: clients that stopped renewing are forgotten. */
function expireLeases(): void {
  const now = performance.now();
  for (const [owner, expiresAt] of leases) {
    if (expiresAt > now) continue;
    forgetClient(owner);
    counts.leasesExpired += 1;
  }
}

/** A leased call from an unknown client, or one whose lease lapsed, must start over. */
function renewLease(call: CallContext, mayStart: boolean): boolean {
  if (!leased) return true;
  if (!mayStart && !leaseValid(call.callerKey)) return false;
  leases.set(call.callerKey, performance.now() + config.leaseMs);
  return true;
}

const lostHandle = (): ReadResult => ({ status: leased ? 'FILE_EXPIRED' : 'FILE_BADHANDLE', data: Buffer.alloc(0), eof: true });

const statefulImplementation = {
  open(name: string, caching: boolean, call: CallContext<RpcServerConnection>): OpenResult {
    renewLease(call, true);
    const path = pathOf(name);
    if (path === undefined || !existsSync(path)) return { status: 'FILE_NOENT', handle: 0, size: 0, leaseMs: 0 };
    const descriptor = openSync(path, 'r');
    const handle = nextHandle;
    nextHandle += 1;
    handles.set(handle, { name, descriptor, owner: call.callerKey, readAhead: undefined });
    if (caching) {
      const holders = cachers.get(name) ?? new Map<string, RpcServerConnection>();
      holders.set(call.callerKey, call.connection);
      cachers.set(name, holders);
    }
    return { status: 'FILE_OK', handle, size: fstatSync(descriptor).size, leaseMs: leased ? config.leaseMs : 0 };
  },
  read(handle: number, offset: number, count: number, call: CallContext): ReadResult {
    counts.reads += 1;
    if (!renewLease(call, false)) return lostHandle();
    const open = handles.get(handle);
    if (open === undefined || open.owner !== call.callerKey) return lostHandle();
    const ahead = open.readAhead;
    // The server knows the file is open and being read in order: it read ahead last time.
    if (ahead !== undefined && offset >= ahead.offset && offset + count <= ahead.offset + ahead.data.length) {
      counts.readAheadHits += 1;
      const start = offset - ahead.offset;
      return { status: 'FILE_OK', data: Buffer.from(ahead.data.subarray(start, start + count)), eof: ahead.eof && start + count >= ahead.data.length };
    }
    const chunk = readAt(open.descriptor, offset, Math.max(count, config.readAheadBytes));
    open.readAhead = { offset, data: chunk.data, eof: chunk.eof };
    return { status: 'FILE_OK', data: Buffer.from(chunk.data.subarray(0, count)), eof: chunk.eof && count >= chunk.data.length };
  },
  close(handle: number, call: CallContext): FileStatus {
    renewLease(call, false);
    const open = handles.get(handle);
    if (open === undefined || open.owner !== call.callerKey) return leased ? 'FILE_EXPIRED' : 'FILE_BADHANDLE';
    closeSync(open.descriptor);
    handles.delete(handle);
    return 'FILE_OK';
  },
  async write(name: string, version: number, data: Buffer, call: CallContext): Promise<FileStatus> {
    renewLease(call, true);
    // Promises made before the crash are unknown; a lease given before it has lapsed after one lease.
    if (leased && recovering && performance.now() - startedAtMs < config.leaseMs) {
      counts.writesRefusedInGrace += 1;
      return 'FILE_GRACE';
    }
    const status = writeVersion(name, version, data);
    if (status !== 'FILE_OK') return status;
    for (const open of handles.values()) if (open.name === name) open.readAhead = undefined;
    const holders = cachers.get(name);
    cachers.delete(name);
    if (holders !== undefined) {
      await Promise.all(
        [...holders].map(async ([owner, connection]) => {
          if (owner === call.callerKey) return;
          if (leased && !leaseValid(owner)) return;
          counts.callbacksSent += 1;
          try {
            await callbackOf(connection).invalidate(name, version);
          } catch {
            counts.callbacksFailed += 1;
            // With leases, a client that cannot be told stops trusting its copy when its lease ends:
            // the write is acknowledged only then. Without, the promise is simply broken.
            const expiresAt = leases.get(owner);
            if (leased && expiresAt !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - performance.now())));
          }
        }),
      );
    }
    return 'FILE_OK';
  },
  renew(call: CallContext): FileStatus {
    return renewLease(call, false) ? 'FILE_OK' : 'FILE_EXPIRED';
  },
};

const served: ServedVersion[] =
  config.design === 'stateless'
    ? [{ program: 'STATELESS_FILES', version: 1, implementation: statelessImplementation }]
    : [{ program: 'STATEFUL_FILES', version: leased ? 2 : 1, implementation: statefulImplementation }];

const skeleton = generateServerSkeleton<RpcServerConnection>(definition, served);
const server = new RpcTcpServer({ host: config.host, port: config.port, skeleton });

answerEngine({
  stats: () => ({
    ...counts,
    recovering,
    handles: handles.size,
    cacheRecords: [...cachers.values()].reduce((sum, holders) => sum + holders.size, 0),
    leases: leases.size,
  }),
});

async function listen(): Promise<void> {
  const port = await server.start();
  writeFileSync(bootRecord, String(process.pid));
  if (leased) setInterval(expireLeases, Math.max(20, config.leaseMs / 4)).unref();
  sayReady(port);
}

listen().catch(sayFailed);
