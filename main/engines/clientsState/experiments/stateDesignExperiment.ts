// One file service in three designs, on the same workload: a reader goes over a few small files
// again and again (open, read every block, close) and streams a large file through one open
// handle; a writer writes a new version of one small file every so often. After the steady phase
// the server is killed (SIGKILL) and restarted on the same port and folder. What the reader got is
// checked against what the writer had written: a block older than a version already written
// when the read began is a stale read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineContext } from '../../engine.ts';
import { pause, yieldToEventLoop } from '../../../toolkit/abortableWaits.ts';
import { latencySummary } from '../../../measure/latencySummary.ts';
import type { StateDesignSettings } from '../clientsStateScenario.ts';
import { blockVersion, fileContent, fileName } from '../servers/fileBlocks.ts';
import type { FileServerDesign } from '../servers/fileServer.ts';
import { ServerProcess } from '../serverProcess.ts';
import { clientsStateEntryModules } from '../clientsStateEntryModules.ts';
import type { RunGuard } from '../runGuard.ts';
import { fileClient, fileWriter, FileClientError, type ClientHandle } from './fileClients.ts';
import { loopbackHost, openChannel, roundTo } from './experimentTools.ts';

export const designNames: readonly FileServerDesign[] = ['stateless', 'stateful', 'soft-state'];

export interface StateDesignRow {
  design: FileServerDesign;
  throughputRps: number;
  p99Ms: number;
  errorsAfterCrash: number;
  staleReads: number;
  recoveryMs: number;
}

export interface StateDesignDetail {
  design: FileServerDesign;
  readsBeforeCrash: number;
  p50Ms: number;
  /** Share of reads the client answered from its own cache, before the crash. */
  cacheHitShare: number;
  /** Reads that reached the server, and those it served from its read-ahead buffer (stateful designs). */
  serverReads: number;
  readAheadHits: number;
  errorsDuringOutage: number;
  errorsBeforeCrash: number;
  /** When the last stale read began, counted from the crash; -1 if none. */
  lastStaleReadAfterCrashMs: number;
  writesRefusedInGrace: number;
  callbacksSent: number;
  /** What the server remembered about its clients just before the crash: handles, cache records, leases. */
  serverStateEntries: number;
  renewals: number;
}

export interface StateDesignResult {
  stateDesigns: StateDesignRow[];
  stateDetails: StateDesignDetail[];
}

interface ServerCounts {
  reads: number;
  readAheadHits: number;
  callbacksSent: number;
  writesRefusedInGrace: number;
  handles: number;
  cacheRecords: number;
  leases: number;
}

const streamName = 'stream';
const maximumReadsPerRun = 3_000_000;

/** The versions written so far, and when each write was acknowledged. */
class WrittenVersions {
  private readonly history = new Map<number, { version: number; atMs: number }[]>();

  constructor(files: number) {
    for (let file = 0; file < files; file += 1) this.history.set(file, [{ version: 1, atMs: Number.NEGATIVE_INFINITY }]);
  }

  acknowledged(file: number, version: number, atMs: number): void {
    this.history.get(file)!.push({ version, atMs });
  }

  /** The newest version written before `atMs`: a read that began then must see at least it. */
  newestBefore(file: number, atMs: number): number {
    const writes = this.history.get(file)!;
    for (let index = writes.length - 1; index >= 0; index -= 1) if (writes[index]!.atMs < atMs) return writes[index]!.version;
    return 1;
  }

  latest(file: number): number {
    return this.history.get(file)!.at(-1)!.version;
  }
}

async function runDesign(context: EngineContext, guard: RunGuard, settings: StateDesignSettings, design: FileServerDesign, progress: (fraction: number) => void): Promise<{ row: StateDesignRow; detail: StateDesignDetail }> {
  const directory = mkdtempSync(join(tmpdir(), `proclab-files-${design}-`));
  context.defer(`files of the ${design} server`, () => rmSync(directory, { recursive: true, force: true }));
  const blocks = Math.max(1, Math.floor(settings.fileSize / settings.blockSize));
  const streamBlocks = Math.max(1, Math.floor(settings.streamSize / settings.blockSize));
  for (let file = 0; file < settings.files; file += 1) writeFileSync(join(directory, fileName(file)), fileContent(file, 1, blocks, settings.blockSize));
  writeFileSync(join(directory, streamName), fileContent(999, 1, streamBlocks, settings.blockSize));

  const serverConfig = { host: loopbackHost, design, directory, leaseMs: settings.lease, readAheadBytes: settings.readAhead, callbackTimeoutMs: 500 };
  let server = await ServerProcess.start(context, guard, `${design} file server`, clientsStateEntryModules.fileServer, { ...serverConfig, port: 0 });
  const port = server.port;
  // Retries ride out a restart: up to about a second of waiting in all.
  const retry = { timeoutMs: 300, retries: 8, backoffMs: 5 };
  const startedAt = performance.now();
  const steadyEndsAt = startedAt + settings.steady;
  let crashedAt = Number.POSITIVE_INFINITY;
  let restartedAt = Number.POSITIVE_INFINITY;
  let stopping = false;
  let readerBackAt: number | undefined;
  let writerBackAt: number | undefined;
  // Only the restarted process can answer "again": a reply the killed one sent just before it
  // died, read by a client a moment later, does not count (it was set when the restart began).
  let answersCountAfter = Number.POSITIVE_INFINITY;

  const readerChannel = openChannel(context, { host: loopbackHost, port });
  const writerChannel = openChannel(context, { host: loopbackHost, port });
  const reader = fileClient(design, {
    channel: readerChannel,
    retry,
    signal: guard.signal,
    stamp: 11,
    onServerSuccess: () => {
      if (readerBackAt === undefined && performance.now() > answersCountAfter) readerBackAt = performance.now();
    },
  });
  const writer = fileWriter(design, {
    channel: writerChannel,
    retry,
    signal: guard.signal,
    stamp: 12,
    onServerSuccess: () => {
      if (writerBackAt === undefined && performance.now() > answersCountAfter) writerBackAt = performance.now();
    },
  });
  const written = new WrittenVersions(settings.files);
  const steadyLatencies: number[] = [];
  const tally = { steadyReads: 0, steadyHits: 0, staleReads: 0, lastStaleAt: Number.NEGATIVE_INFINITY, errorsBefore: 0, errorsDuring: 0, errorsAfter: 0 };
  const done = (): boolean => stopping || guard.cancelled;

  const countError = (error: unknown): void => {
    if (!(error instanceof FileClientError)) throw error;
    const at = performance.now();
    if (at < crashedAt) tally.errorsBefore += 1;
    else if (at < restartedAt) tally.errorsDuring += 1;
    else tally.errorsAfter += 1;
  };

  const timedRead = async (handle: ClientHandle, offset: number, file: number | undefined): Promise<void> => {
    const beganAt = performance.now();
    const hitsBefore = reader.counts.cacheHits;
    const block = await reader.read(handle, offset, settings.blockSize);
    const endedAt = performance.now();
    if (file !== undefined && blockVersion(block) < written.newestBefore(file, beganAt)) {
      tally.staleReads += 1;
      tally.lastStaleAt = beganAt;
    }
    if (endedAt <= steadyEndsAt) {
      tally.steadyReads += 1;
      steadyLatencies.push(endedAt - beganAt);
      if (reader.counts.cacheHits > hitsBefore) tally.steadyHits += 1;
    }
    // A read from the cache takes no I/O; yielding lets callbacks and the writer in.
    if (reader.counts.cacheHits > hitsBefore) await yieldToEventLoop();
  };

  const readLoop = async (): Promise<void> => {
    let stream: ClientHandle | undefined;
    let streamOffset = 0;
    for (let round = 0; !done() && reader.counts.reads < maximumReadsPerRun; round += 1) {
      for (let file = 0; file < settings.files && !done(); file += 1) {
        try {
          const handle = await reader.open(fileName(file), true);
          for (let block = 0; block < blocks && !done(); block += 1) await timedRead(handle, block * settings.blockSize, file);
          await reader.close(handle);
        } catch (error) {
          countError(error);
        }
      }
      for (let block = 0; block < settings.streamBlocksPerRound && !done(); block += 1) {
        try {
          stream ??= await reader.open(streamName, false);
          await timedRead(stream, streamOffset, undefined);
          streamOffset = (streamOffset + settings.blockSize) % (streamBlocks * settings.blockSize);
        } catch (error) {
          // A lost handle is gone for good: the application opens the file again.
          if (error instanceof FileClientError && error.kind === 'handle-lost') stream = undefined;
          countError(error);
        }
      }
      progress(Math.min(1, (performance.now() - startedAt) / (settings.steady + settings.downtime + settings.after)));
    }
  };

  const writeLoop = async (): Promise<void> => {
    for (let write = 0; !done(); write += 1) {
      await pause(settings.writeEvery, guard.signal);
      if (done()) break;
      const file = write % settings.files;
      const version = written.latest(file) + 1;
      if (await writer.write(fileName(file), version, fileContent(file, version, blocks, settings.blockSize))) written.acknowledged(file, version, performance.now());
    }
  };

  // Reads per second and stale reads so far, every 100 ms: the crash and the recovery, as they happen.
  let readsAtLastSample = 0;
  let lastSampleAt = performance.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    context.sample(design, { readsPerSecond: Math.round(((reader.counts.reads - readsAtLastSample) * 1000) / Math.max(1, now - lastSampleAt)), staleReads: tally.staleReads });
    readsAtLastSample = reader.counts.reads;
    lastSampleAt = now;
  }, 100);
  context.defer(`${design} sampler`, () => clearInterval(sampler));
  const loops = Promise.all([readLoop(), writeLoop()]);
  let before: ServerCounts | undefined;
  await pause(settings.steady, guard.signal);
  if (!guard.cancelled) {
    before = (await server.ask('stats')) as ServerCounts | undefined;
    crashedAt = performance.now();
    await server.crash();
    context.event('crashed', `the ${design} file server was killed (SIGKILL); restarting it in ${settings.downtime} ms`, { design });
    await pause(settings.downtime, guard.signal);
  }
  if (!guard.cancelled) {
    answersCountAfter = performance.now();
    server = await ServerProcess.start(context, guard, `${design} file server (restarted)`, clientsStateEntryModules.fileServer, { ...serverConfig, port });
    restartedAt = performance.now();
    context.event('restarted', `the ${design} file server is back on port ${port}`, { design });
    await pause(settings.after, guard.signal);
  }
  stopping = true;
  await loops;
  clearInterval(sampler);
  readerChannel.close();
  writerChannel.close();
  guard.check();
  const after = (await server.ask('stats')) as ServerCounts | undefined;
  await server.leave();

  const latency = latencySummary(steadyLatencies);
  const recoveredAt = readerBackAt === undefined || writerBackAt === undefined ? undefined : Math.max(readerBackAt, writerBackAt);
  const steadySeconds = Math.max(0.001, Math.min(settings.steady, crashedAt - startedAt) / 1000);
  return {
    row: {
      design,
      throughputRps: roundTo(tally.steadyReads / steadySeconds, 1),
      p99Ms: roundTo(latency.p99, 3),
      errorsAfterCrash: tally.errorsAfter,
      staleReads: tally.staleReads,
      recoveryMs: recoveredAt === undefined ? -1 : Math.round(recoveredAt - crashedAt),
    },
    detail: {
      design,
      readsBeforeCrash: tally.steadyReads,
      p50Ms: roundTo(latency.p50, 3),
      cacheHitShare: roundTo(tally.steadyHits / Math.max(1, tally.steadyReads), 4),
      serverReads: before?.reads ?? 0,
      readAheadHits: before?.readAheadHits ?? 0,
      errorsDuringOutage: tally.errorsDuring,
      errorsBeforeCrash: tally.errorsBefore,
      lastStaleReadAfterCrashMs: tally.lastStaleAt === Number.NEGATIVE_INFINITY ? -1 : Math.round(tally.lastStaleAt - crashedAt),
      writesRefusedInGrace: after?.writesRefusedInGrace ?? 0,
      callbacksSent: (before?.callbacksSent ?? 0) + (after?.callbacksSent ?? 0),
      serverStateEntries: before === undefined ? 0 : before.handles + before.cacheRecords + before.leases,
      renewals: reader.counts.renewals,
    },
  };
}

export async function runStateDesigns(context: EngineContext, guard: RunGuard, settings: StateDesignSettings, progress: (fraction: number, phase: string) => void): Promise<StateDesignResult> {
  const result: StateDesignResult = { stateDesigns: [], stateDetails: [] };
  for (const [index, design] of designNames.entries()) {
    if (guard.cancelled) break;
    const { row, detail } = await runDesign(context, guard, settings, design, (fraction) => progress((index + fraction) / designNames.length, `server designs: ${design}`));
    result.stateDesigns.push(row);
    result.stateDetails.push(detail);
  }
  return result;
}
