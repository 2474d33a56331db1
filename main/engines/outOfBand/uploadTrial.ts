import { within } from '../../toolkit/abortableWaits.ts';
import type { EngineContext } from '../engine.ts';
import type { CancelMethod } from './cancelMethods.ts';
import type { OutOfBandScenario } from './outOfBandScenario.ts';
import { monotonicMs, readSlot, sharedSlot, sharedSlots, writeSlot } from './sharedUploadState.ts';
import { UploadClient } from './uploadClient.ts';
import type { UploadServers } from './uploadServers.ts';

/** One upload cancelled one way, as measured. */
export interface TrialResult {
  method: CancelMethod;
  repetition: number;
  uploadId: number;
  /** False when the upload finished before the cancel time. */
  cancelled: boolean;
  /** False when the server had not stopped by the time-out. */
  stopped: boolean;
  stopReason?: string;
  /** From the client writing its cancel (or closing) to the upload handler stopping; one monotonic clock. */
  cancelLatencyMs?: number;
  /** From the cancel to the client reading the server's STOPPED reply (urgent port and in-band only). */
  acknowledgedMs?: number;
  /** From the cancel to the urgent handler thread reading it (urgent port only). */
  urgentReadMs?: number;
  receivedAtCancel: number;
  receivedAtStop?: number;
  /** Bytes the server read after the client had cancelled. */
  bytesInVain?: number;
  /** Bytes the client had written that the server had not read yet: what an in-band cancel waits behind. */
  bytesAheadOfCancel: number;
  queuedInClientAtCancel: number;
}

const sampleEveryMs = 25;
const mebibyte = 1_048_576;
const round = (value: number) => Math.round(value * 1_000) / 1_000;

export async function runUploadTrial(
  method: CancelMethod,
  repetition: number,
  uploadId: number,
  servers: UploadServers,
  scenario: OutOfBandScenario,
  context: EngineContext,
): Promise<TrialResult> {
  const slots = sharedSlots(servers.shared);
  writeSlot(slots, sharedSlot.receivedBytes, 0);
  const series = `${method} #${repetition}`;
  const client = new UploadClient({
    uploadId,
    uploadPort: servers.upload.port,
    urgentPort: servers.urgent.port,
    size: scenario.upload.size,
    chunkSize: scenario.upload.chunkSize,
    clientQueue: scenario.upload.clientQueue,
    shared: servers.shared,
    method,
  });
  context.defer(`upload client ${uploadId}`, () => client.destroy());
  const sample = () => context.sample(series, { receivedMiB: round(readSlot(slots, sharedSlot.receivedBytes) / mebibyte), sentMiB: round(client.written / mebibyte) });
  const sampler = setInterval(sample, sampleEveryMs);
  try {
    await client.connected;
    context.event('upload-started', `upload ${uploadId} (${method}) started`, { uploadId, method });
    // Until the cancel is due, unless the upload ends first or the run is cancelled.
    await within(client.uploadReply, scenario.cancelAfter, context.signal);
    const completedEarly = (await within(client.uploadReply, 0))?.startsWith('DONE') === true;
    if (context.signal.aborted || completedEarly) {
      const receivedAtCancel = readSlot(slots, sharedSlot.receivedBytes);
      return { method, repetition, uploadId, cancelled: false, stopped: completedEarly, stopReason: completedEarly ? 'completed' : undefined, receivedAtCancel, bytesAheadOfCancel: 0, queuedInClientAtCancel: 0 };
    }
    const { record, reply } = client.cancel(method);
    context.event('cancel-sent', `client cancelled upload ${uploadId} by ${method}`, { uploadId, method, receivedAtCancel: record.receivedAtCancel, bytesAheadOfCancel: record.writtenAtCancel - record.receivedAtCancel });
    const acknowledged = within(reply.then((line) => ({ line, atMs: monotonicMs() })), scenario.stopTimeout);
    const stopped = await servers.waitForStop(uploadId, scenario.stopTimeout, context.signal);
    const acknowledgement = await acknowledged;
    sample();
    const result: TrialResult = {
      method,
      repetition,
      uploadId,
      cancelled: true,
      stopped: stopped !== undefined,
      stopReason: stopped?.reason,
      receivedAtCancel: record.receivedAtCancel,
      bytesAheadOfCancel: record.writtenAtCancel - record.receivedAtCancel,
      queuedInClientAtCancel: record.queuedInClientAtCancel,
    };
    if (stopped !== undefined) {
      result.cancelLatencyMs = round(stopped.atMs - record.cancelAtMs);
      result.receivedAtStop = stopped.receivedBytes;
      result.bytesInVain = Math.max(0, stopped.receivedBytes - record.receivedAtCancel);
      context.event('server-stopped', `server stopped upload ${uploadId} (${stopped.reason}) ${result.cancelLatencyMs} ms after the cancel`, { uploadId, reason: stopped.reason, cancelLatencyMs: result.cancelLatencyMs, bytesInVain: result.bytesInVain });
    }
    if (acknowledgement?.line?.startsWith('STOPPED') === true) result.acknowledgedMs = round(acknowledgement.atMs - record.cancelAtMs);
    const urgentAt = servers.urgentReceivedAt(uploadId);
    if (urgentAt !== undefined) result.urgentReadMs = round(urgentAt - record.cancelAtMs);
    return result;
  } finally {
    clearInterval(sampler);
    client.destroy();
  }
}
