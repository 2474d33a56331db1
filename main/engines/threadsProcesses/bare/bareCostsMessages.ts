// Messages between the engine and the helper process that makes the bare measurements.
import type { BareCreationKind, PingPongKind } from './bareMeasurements.ts';

export interface MeasureBareCostsMessage {
  kind: 'measure';
  /** Creations of each kind, after a few unmeasured warm-up ones. */
  creationRepetitions: number;
  /** Ping-pong runs of each kind, interleaved. */
  pingPongRuns: number;
  /** Round trips in each ping-pong run. */
  pingPongRoundTrips: number;
}

/** The helper loaded koffi and the C library and is about to measure. */
export interface BareReadyMessage {
  kind: 'ready';
  library: string;
  /** The trivial program spawned as a new process. */
  program: string;
  creationKinds: BareCreationKind[];
  /** Why fork and the ping-pong cannot be measured here; absent when they can. */
  machineCodeUnavailable?: string;
  /** The CPU both sides of the ping-pong are pinned to. */
  cpu: number;
}

/** The helper cannot measure on this machine: the lab keeps the runtime-level numbers alone. */
export interface BareUnavailableMessage {
  kind: 'unavailable';
  reason: string;
}

/** One interleaved round: a short run of creations of each kind, in milliseconds from the call until reaped. */
export interface BareCreationRoundMessage {
  kind: 'creation-round';
  durationsMs: Partial<Record<BareCreationKind, number[]>>;
}

export interface BarePingPongMessage {
  kind: 'ping-pong';
  pingPong: PingPongKind;
  /** Nanoseconds for the byte to pass from one side to the other once. */
  hopNs: number;
}

export interface BareDoneMessage {
  kind: 'done';
}

/** A measurement failed part-way (what was sent before stays valid). */
export interface BareFailedMessage {
  kind: 'failed';
  message: string;
}

export type ToBareHelperMessage = MeasureBareCostsMessage;
export type FromBareHelperMessage =
  | BareReadyMessage
  | BareUnavailableMessage
  | BareCreationRoundMessage
  | BarePingPongMessage
  | BareDoneMessage
  | BareFailedMessage;
