// The client side of the file service in its three designs, as an application sees it: open,
// read, close. Underneath, each design does what its server lets it do:
//   stateless   open and close are local (the server keeps nothing); every read names the file
//               and offset and goes to the server
//   stateful    the server promises to call back before a cached file changes, so a file opened
//               again whose promise still stands is opened and read locally; other reads go to
//               the server through a handle, which the server reads ahead for
//   soft state  the same, but every promise and handle lasts only as long as the client's lease;
//               the client renews it while it relies on it, and past it trusts nothing
// A client keeps its cache when its connection breaks: a restarted stateful server cannot tell
// it anything, which is the lecture's point about state lost in a crash.
import { generateClientStub } from '../../../protocols/oncRpc/rpcStub.ts';
import { generateServerSkeleton } from '../../../protocols/oncRpc/rpcSkeleton.ts';
import { isTransportFailure } from '../../../protocols/oncRpc/rpcErrors.ts';
import type { RpcChannel } from '../../../protocols/oncRpc/rpcChannel.ts';
import type { FileStatus, FileCallback, StatefulFiles, StatelessFiles } from '../interfaces/fileInterface.ts';
import type { FileServerDesign } from '../servers/fileServer.ts';
import { createMiddleware, type RetrySettings } from '../middleware/clientPolicies.ts';
import { pause } from '../../../toolkit/abortableWaits.ts';
import { fileInterface } from './experimentTools.ts';

/** A failure the application sees (the middleware's retries did not hide it). */
export class FileClientError extends Error {
  override readonly name = 'FileClientError';
  readonly kind: 'handle-lost' | 'unavailable' | 'no-such-file';

  constructor(message: string, kind: FileClientError['kind']) {
    super(message);
    this.kind = kind;
  }
}

export interface ClientHandle {
  name: string;
  caching: boolean;
  /** The server's handle, when this open went to the server; `epoch` says under which lease. */
  remote: number | undefined;
  epoch: number;
}

export interface FileClientCounts {
  reads: number;
  cacheHits: number;
  remoteCalls: number;
  localOpens: number;
  renewals: number;
  /** Soft state: times the client found its lease gone and dropped everything it relied on. */
  leaseLapses: number;
  invalidations: number;
}

export interface FileClient {
  open(name: string, caching: boolean): Promise<ClientHandle>;
  read(handle: ClientHandle, offset: number, count: number): Promise<Buffer>;
  close(handle: ClientHandle): Promise<void>;
  readonly counts: FileClientCounts;
}

export interface FileClientOptions {
  channel: RpcChannel;
  retry: RetrySettings;
  signal: AbortSignal;
  stamp: number;
  /** Told of every call the server answered and carried out. */
  onServerSuccess: () => void;
}

const unavailable = (error: unknown): FileClientError => new FileClientError(`the server did not answer: ${error instanceof Error ? error.message : String(error)}`, 'unavailable');

function remoteInvoker(options: FileClientOptions) {
  return createMiddleware('retry', { channels: [options.channel], retry: options.retry, signal: options.signal }).invoker;
}

const credential = (stamp: number) => ({ stamp, machineName: 'proclab-file-client', uid: 1000, gid: 1000 });

/** Runs a remote call; a transport failure left after the retries becomes the application's error. */
async function remote<T>(counts: FileClientCounts, call: () => Promise<T>): Promise<T> {
  counts.remoteCalls += 1;
  try {
    return await call();
  } catch (error) {
    if (isTransportFailure(error)) throw unavailable(error);
    throw error;
  }
}

function emptyCounts(): FileClientCounts {
  return { reads: 0, cacheHits: 0, remoteCalls: 0, localOpens: 0, renewals: 0, leaseLapses: 0, invalidations: 0 };
}

export function statelessClient(options: FileClientOptions): FileClient {
  const counts = emptyCounts();
  const files = generateClientStub<StatelessFiles>(fileInterface(), 'STATELESS_FILES', 1, remoteInvoker(options), { credential: credential(options.stamp) }).methods;
  return {
    counts,
    async open(name, caching) {
      counts.localOpens += 1;
      return { name, caching, remote: undefined, epoch: 0 };
    },
    async read(handle, offset, count) {
      counts.reads += 1;
      const result = await remote(counts, () => files.read(handle.name, offset, count));
      if (result.status !== 'FILE_OK') throw new FileClientError(`${handle.name}: ${result.status}`, 'no-such-file');
      options.onServerSuccess();
      return result.data;
    },
    async close() {},
  };
}

/** The stateful client; with `leased` it is the soft-state one (version 2 of the protocol). */
export function statefulClient(options: FileClientOptions, leased: boolean): FileClient {
  const counts = emptyCounts();
  /** Files whose copies the server promised to invalidate, with their cached blocks. */
  const promises = new Map<string, Map<number, Buffer>>();
  /** Bumped by every invalidation of a file: a read that spans one must not fill the cache. */
  const generations = new Map<string, number>();
  let epoch = 0;
  let leaseMs = 0;
  let leaseUntil = 0;
  let leaseHeld = false;

  const dropEverything = (): void => {
    promises.clear();
    for (const name of generations.keys()) generations.set(name, (generations.get(name) ?? 0) + 1);
    epoch += 1;
  };
  const callback: FileCallback = {
    async invalidate(name) {
      counts.invalidations += 1;
      promises.delete(name);
      generations.set(name, (generations.get(name) ?? 0) + 1);
    },
  };
  const callbackSkeleton = generateServerSkeleton(fileInterface(), [{ program: 'FILE_CALLBACK', version: 1, implementation: callback as never }]);
  options.channel.setCallHandler((message) => callbackSkeleton.answer(message, undefined, 'server'));
  const files = generateClientStub<StatefulFiles>(fileInterface(), 'STATEFUL_FILES', leased ? 2 : 1, remoteInvoker(options), { credential: credential(options.stamp) }).methods;

  /**
   * A call the server carried out renews the lease, counted from when the call was sent: the
   * client's view of the lease ends before the server's does.
   */
  const leasedCall = async <T>(call: () => Promise<T>, succeeded: (result: T) => boolean, leaseOf?: (result: T) => number): Promise<T> => {
    const sentAt = performance.now();
    const result = await remote(counts, call);
    if (succeeded(result)) {
      if (leased) {
        leaseMs = leaseOf?.(result) || leaseMs;
        if (leaseMs > 0) {
          leaseUntil = sentAt + leaseMs;
          leaseHeld = true;
        }
      }
      options.onServerSuccess();
    }
    return result;
  };

  /** Soft state: may the client still rely on what it holds? Renews in time, drops it all when lapsed. */
  const checkLease = async (): Promise<void> => {
    if (!leased || leaseMs === 0) return;
    const left = leaseUntil - performance.now();
    if (left <= 0) {
      if (leaseHeld) {
        counts.leaseLapses += 1;
        leaseHeld = false;
        dropEverything();
      }
      return;
    }
    if (left > leaseMs / 3) return;
    counts.renewals += 1;
    try {
      const status = await leasedCall(() => files.renew!(), (result) => result === 'FILE_OK');
      if (status === 'FILE_EXPIRED') {
        counts.leaseLapses += 1;
        leaseHeld = false;
        dropEverything();
      }
    } catch {
      // The server is unreachable: what is held stays good until the lease runs out, no longer.
    }
  };

  const openRemote = async (name: string, caching: boolean): Promise<number> => {
    const result = await leasedCall(() => files.open(name, caching), (opened) => opened.status === 'FILE_OK', (opened) => opened.leaseMs);
    if (result.status !== 'FILE_OK') throw new FileClientError(`${name}: ${result.status}`, 'no-such-file');
    if (caching && !promises.has(name)) promises.set(name, new Map());
    return result.handle;
  };

  return {
    counts,
    async open(name, caching) {
      await checkLease();
      // A standing promise means nobody changed the file: no need to ask the server.
      if (caching && promises.has(name)) {
        counts.localOpens += 1;
        return { name, caching, remote: undefined, epoch };
      }
      return { name, caching, remote: await openRemote(name, caching), epoch };
    },
    async read(handle, offset, count) {
      counts.reads += 1;
      await checkLease();
      const cached = handle.caching ? promises.get(handle.name)?.get(offset) : undefined;
      if (cached !== undefined && cached.length >= count) {
        counts.cacheHits += 1;
        return cached.subarray(0, count);
      }
      const generation = generations.get(handle.name) ?? 0;
      for (let attempt = 0; ; attempt += 1) {
        if (handle.remote === undefined || handle.epoch !== epoch) {
          handle.remote = await openRemote(handle.name, handle.caching);
          handle.epoch = epoch;
        }
        const result = await leasedCall(() => files.read(handle.remote!, offset, count), (read) => read.status === 'FILE_OK');
        if (result.status === 'FILE_OK') {
          if (handle.caching && (generations.get(handle.name) ?? 0) === generation) promises.get(handle.name)?.set(offset, result.data);
          return result.data;
        }
        handle.remote = undefined;
        // Soft state: the server forgot this client (its lease lapsed, or the server restarted).
        // The protocol says to start again, so the client does, once, without troubling the application.
        if (result.status === 'FILE_EXPIRED' && attempt === 0) {
          counts.leaseLapses += 1;
          leaseHeld = false;
          dropEverything();
          continue;
        }
        throw new FileClientError(`${handle.name}: the server does not know handle (${result.status})`, 'handle-lost');
      }
    },
    async close(handle) {
      if (handle.remote === undefined || handle.epoch !== epoch) return;
      const remoteHandle = handle.remote;
      handle.remote = undefined;
      const status: FileStatus = await leasedCall(() => files.close(remoteHandle), (closed) => closed === 'FILE_OK');
      if (status === 'FILE_BADHANDLE') throw new FileClientError(`${handle.name}: the server does not know handle (${status})`, 'handle-lost');
    },
  };
}

export function fileClient(design: FileServerDesign, options: FileClientOptions): FileClient {
  return design === 'stateless' ? statelessClient(options) : statefulClient(options, design === 'soft-state');
}

/** The writer: a new version of a file, again until the server takes it (a restarted soft-state server waits one lease). */
export function fileWriter(design: FileServerDesign, options: FileClientOptions) {
  const invoker = remoteInvoker(options);
  const stub =
    design === 'stateless'
      ? generateClientStub<StatelessFiles>(fileInterface(), 'STATELESS_FILES', 1, invoker, { credential: credential(options.stamp) }).methods
      : generateClientStub<StatefulFiles>(fileInterface(), 'STATEFUL_FILES', design === 'soft-state' ? 2 : 1, invoker, { credential: credential(options.stamp) }).methods;
  const counts = { writes: 0, refusedInGrace: 0, failed: 0 };
  return {
    counts,
    /** Resolves true once the version is written, false if the server could not be reached. */
    async write(name: string, version: number, data: Buffer): Promise<boolean> {
      for (;;) {
        let status: FileStatus;
        try {
          status = await stub.write(name, version, data);
        } catch (error) {
          if (!isTransportFailure(error)) throw error;
          counts.failed += 1;
          return false;
        }
        if (status === 'FILE_OK') {
          counts.writes += 1;
          options.onServerSuccess();
          return true;
        }
        if (status !== 'FILE_GRACE') throw new FileClientError(`writing ${name}: ${status}`, 'no-such-file');
        counts.refusedInGrace += 1;
        await pause(options.retry.backoffMs * 4, options.signal);
        if (options.signal.aborted) return false;
      }
    },
  };
}
