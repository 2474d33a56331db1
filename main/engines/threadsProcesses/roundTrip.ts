import { performance } from 'node:perf_hooks';
import { EngineFailure, type EngineContext } from '../engine.ts';
import { DurationRecorder } from './durationSummary.ts';
import type { PongMessage } from './partners/partnerMessages.ts';
import { endPartner, startPartner, type Partner, type PartnerKind, type PartnerSet } from './partners/partner.ts';
import {
  sharedHeaderBytes,
  sharedStateIdle,
  sharedStateReply,
  sharedStateRequest,
  sharedStateStop,
  sharedWaitLimitMs,
} from './partners/sharedRoundTrip.ts';
import { yieldToEventLoop } from '../../toolkit/abortableWaits.ts';
import { RunCancelled, waitWithin } from './waitWithin.ts';

export const roundTripChannels = ['thread-message', 'process-message', 'thread-shared-memory'] as const;
export type RoundTripChannel = (typeof roundTripChannels)[number];

export const roundTripChannelLabels: Record<RoundTripChannel, string> = {
  'thread-message': 'main thread ↔ worker thread (postMessage)',
  'process-message': 'parent ↔ child process (IPC channel)',
  'thread-shared-memory': 'main thread ↔ worker thread (SharedArrayBuffer + Atomics)',
};

export interface RoundTripMetrics {
  channel: RoundTripChannel;
  label: string;
  messageBytes: number;
  /** Round trips measured. */
  count: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  meanUs: number;
}

export interface RoundTripOptions {
  roundTrips: number;
  messageSize: number;
  sharedMemory: boolean;
}

/** Round trips before measuring: the partner's code and the channel's paths get warm. */
const warmUpRoundTrips = 100;
const startTimeoutMs = 15_000;
/** A partner that has not echoed for this long is considered stuck. */
const echoTimeoutMs = 5_000;
/** Each channel stops measuring after this long and reports the round trips it has. */
const channelLimitMs = 30_000;
/** Shared-memory round trips run synchronously in batches this long, then let the loop run (cancel). */
const sharedBatch = 64;

function messagePayload(bytes: number): Uint8Array {
  const payload = new Uint8Array(bytes);
  for (let index = 0; index < bytes; index += 1) payload[index] = index & 0xff;
  return payload;
}

async function startedPartner(kind: PartnerKind, context: EngineContext, partners: PartnerSet): Promise<Partner> {
  const partner = partners.add(startPartner(kind));
  await waitWithin(partner.ready, context.signal, startTimeoutMs, `the echoing ${kind} to start`);
  context.event('partner-started', `echoing ${kind} started${partner.pid === undefined ? '' : ` (pid ${partner.pid})`}`, {
    kind,
    ...(partner.pid === undefined ? {} : { pid: partner.pid }),
  });
  return partner;
}

/** Ping-pong over postMessage or the IPC channel: each round trip waits for the previous echo. */
async function measureMessages(
  kind: PartnerKind,
  options: RoundTripOptions,
  context: EngineContext,
  partners: PartnerSet,
  recorder: DurationRecorder,
  reportFraction: (fraction: number) => void,
): Promise<void> {
  const partner = await startedPartner(kind, context, partners);
  let deliver: ((reply: PongMessage | Error) => void) | undefined;
  const fail = (error: Error): void => {
    const waiting = deliver;
    deliver = undefined;
    waiting?.(error);
  };
  partner.onMessage((message) => {
    if (message.kind !== 'pong') return;
    const waiting = deliver;
    deliver = undefined;
    waiting?.(message);
  });
  void partner.exited.then(() => fail(new EngineFailure(`the echoing ${kind} ended in the middle of the round trips`)));
  const onAbort = (): void => fail(new RunCancelled('cancelled during the round trips'));
  context.signal.addEventListener('abort', onAbort, { once: true });
  let lastEchoAt = performance.now();
  const watchdog = setInterval(() => {
    if (deliver !== undefined && performance.now() - lastEchoAt > echoTimeoutMs) {
      fail(new EngineFailure(`the echoing ${kind} did not answer for ${echoTimeoutMs} ms`));
    }
  }, 500);
  const payload = messagePayload(options.messageSize);
  const startedAt = performance.now();
  try {
    const total = warmUpRoundTrips + options.roundTrips;
    for (let index = 0; index < total; index += 1) {
      if (context.signal.aborted) throw new RunCancelled('cancelled during the round trips');
      const sentAt = performance.now();
      const reply = new Promise<PongMessage | Error>((resolve) => {
        deliver = resolve;
      });
      partner.send({ kind: 'ping', payload });
      const answer = await reply;
      const answeredAt = performance.now();
      if (answer instanceof Error) throw answer;
      lastEchoAt = answeredAt;
      if (index === 0 && answer.payload.byteLength !== options.messageSize) {
        throw new EngineFailure(`the ${kind} echoed ${answer.payload.byteLength} bytes instead of ${options.messageSize}`);
      }
      if (index >= warmUpRoundTrips) recorder.recordMilliseconds(answeredAt - sentAt);
      if (index % 256 === 0) {
        reportFraction(Math.max(0, index - warmUpRoundTrips) / options.roundTrips);
        if (answeredAt - startedAt > channelLimitMs) {
          context.log('warn', `${kind} round trips stopped after ${recorder.count}: each channel is limited to ${channelLimitMs / 1000} s`);
          break;
        }
      }
    }
  } finally {
    clearInterval(watchdog);
    context.signal.removeEventListener('abort', onAbort);
    if (context.signal.aborted) await partner.kill();
    else await endPartner(partner);
  }
}

/**
 * Round trips through memory both threads share: the message is written into a SharedArrayBuffer
 * and a futex wakes the other thread. Copied in and out on both sides, so the bytes moved match the
 * message channels; what is missing is the runtime's serialization and its message queue.
 */
async function measureSharedMemory(
  options: RoundTripOptions,
  context: EngineContext,
  partners: PartnerSet,
  recorder: DurationRecorder,
  reportFraction: (fraction: number) => void,
): Promise<void> {
  const partner = await startedPartner('thread', context, partners);
  const buffer = new SharedArrayBuffer(sharedHeaderBytes + options.messageSize);
  const state = new Int32Array(buffer, 0, 1);
  const message = new Uint8Array(buffer, sharedHeaderBytes, options.messageSize);
  const payload = messagePayload(options.messageSize);
  const received = new Uint8Array(options.messageSize);
  partner.send({ kind: 'serve-shared', buffer, messageBytes: options.messageSize });
  const stoppedServing = new Promise<void>((resolve) => partner.onMessage((reply) => reply.kind === 'shared-stopped' && resolve()));
  const total = warmUpRoundTrips + options.roundTrips;
  const startedAt = performance.now();
  try {
    let index = 0;
    while (index < total) {
      if (context.signal.aborted) throw new RunCancelled('cancelled during the round trips');
      const batchEnd = Math.min(total, index + sharedBatch);
      for (; index < batchEnd; index += 1) {
        const sentAt = performance.now();
        message.set(payload);
        Atomics.store(state, 0, sharedStateRequest);
        Atomics.notify(state, 0);
        while (Atomics.load(state, 0) !== sharedStateReply) {
          // This thread sleeps here until the other one answers: the cost measured is the wake-up.
          if (Atomics.wait(state, 0, sharedStateRequest, sharedWaitLimitMs) === 'timed-out') {
            throw new EngineFailure(`the worker thread did not answer through shared memory within ${sharedWaitLimitMs} ms`);
          }
        }
        received.set(message);
        Atomics.store(state, 0, sharedStateIdle);
        const answeredAt = performance.now();
        if (index >= warmUpRoundTrips) recorder.recordMilliseconds(answeredAt - sentAt);
      }
      reportFraction(Math.max(0, index - warmUpRoundTrips) / options.roundTrips);
      if (performance.now() - startedAt > channelLimitMs) {
        context.log('warn', `shared-memory round trips stopped after ${recorder.count}: each channel is limited to ${channelLimitMs / 1000} s`);
        break;
      }
      await yieldToEventLoop();
    }
    if (received[options.messageSize - 1] !== payload[options.messageSize - 1]) {
      throw new EngineFailure('the shared-memory echo did not carry the message back');
    }
  } finally {
    // Wake the partner out of its wait loop first, so it can end by itself.
    Atomics.store(state, 0, sharedStateStop);
    Atomics.notify(state, 0);
    if (context.signal.aborted) await partner.kill();
    else {
      await waitWithin(stoppedServing, context.signal, startTimeoutMs, 'the worker thread to stop serving shared memory').catch(() => {});
      await endPartner(partner);
    }
  }
}

export async function measureRoundTrips(
  options: RoundTripOptions,
  context: EngineContext,
  partners: PartnerSet,
  reportFraction: (fraction: number) => void,
): Promise<RoundTripMetrics[]> {
  const channels = roundTripChannels.filter((channel) => options.sharedMemory || channel !== 'thread-shared-memory');
  const results: RoundTripMetrics[] = [];
  for (const [position, channel] of channels.entries()) {
    if (context.signal.aborted) break;
    const recorder = new DurationRecorder();
    const channelFraction = (fraction: number): void => reportFraction((position + Math.min(1, fraction)) / channels.length);
    try {
      if (channel === 'thread-shared-memory') await measureSharedMemory(options, context, partners, recorder, channelFraction);
      else await measureMessages(channel === 'thread-message' ? 'thread' : 'process', options, context, partners, recorder, channelFraction);
    } catch (error) {
      if (!(error instanceof RunCancelled)) throw error;
    }
    if (recorder.count === 0) continue;
    results.push({
      channel,
      label: roundTripChannelLabels[channel],
      messageBytes: options.messageSize,
      count: recorder.count,
      p50Us: recorder.percentileUs(50),
      p99Us: recorder.percentileUs(99),
      maxUs: recorder.maxUs,
      meanUs: recorder.meanUs,
    });
  }
  return results;
}
