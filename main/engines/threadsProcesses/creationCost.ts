import { performance } from 'node:perf_hooks';
import type { EngineContext } from '../engine.ts';
import { DurationRecorder } from './durationSummary.ts';
import { endPartner, startPartner, type PartnerSet } from './partners/partner.ts';
import { RunCancelled, waitWithin } from './waitWithin.ts';

export const creationKinds = ['task', 'thread', 'process'] as const;
export type CreationKind = (typeof creationKinds)[number];

export const creationKindLabels: Record<CreationKind, string> = {
  task: 'in-process task (setImmediate job)',
  thread: 'worker thread (OS thread + a JavaScript engine starting)',
  process: 'child process (OS process + a JavaScript engine starting)',
};

/** The figures of one kind of creation, at either layer. */
export interface CreationFigures {
  /** Creations measured. */
  count: number;
  /** Runtime layer: until the first message from the new task, thread or process. Bare layer: until it is reaped. */
  p50Us: number;
  p99Us: number;
  maxUs: number;
  meanUs: number;
  /** From the creating call until it has ended again (told to exit, and gone). */
  totalP50Us: number;
  totalP99Us: number;
}

export interface CreationMetrics extends CreationFigures {
  kind: CreationKind;
  label: string;
  /** The runtime's own units of concurrency: the operating system's work plus the engine's start-up. */
  layer: 'javascript';
}

/** One creation may take this long before the run gives up on the machine. */
const creationTimeoutMs = 15_000;
/** The whole experiment stops measuring after this long and reports the creations it has. */
const experimentLimitMs = 180_000;

interface OneCreation {
  firstMessageMs: number;
  totalMs: number;
}

async function createOnce(kind: CreationKind, context: EngineContext, partners: PartnerSet): Promise<OneCreation> {
  if (kind === 'task') {
    // The cheapest unit of concurrency this runtime has: a job the event loop schedules in user
    // space, on this thread, without asking the kernel for anything.
    const createdAt = performance.now();
    let firstAt = 0;
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        firstAt = performance.now();
        resolve();
      });
    });
    const endedAt = performance.now();
    return { firstMessageMs: firstAt - createdAt, totalMs: endedAt - createdAt };
  }
  const createdAt = performance.now();
  const partner = partners.add(startPartner(kind));
  const readyAt = await waitWithin(partner.ready, context.signal, creationTimeoutMs, `a new ${kind}'s first message`);
  const exitedAt = await waitWithin(endPartner(partner), context.signal, creationTimeoutMs, `a ${kind} to exit`);
  return { firstMessageMs: readyAt - createdAt, totalMs: exitedAt - createdAt };
}

/**
 * Creates tasks, threads and processes one at a time, in interleaved rounds (task, thread,
 * process, task, ...) so a change of load on the machine affects all three kinds alike.
 */
export async function measureCreation(
  repetitions: number,
  context: EngineContext,
  partners: PartnerSet,
  reportFraction: (fraction: number) => void,
): Promise<CreationMetrics[]> {
  const firstMessage = new Map(creationKinds.map((kind) => [kind, new DurationRecorder()]));
  const total = new Map(creationKinds.map((kind) => [kind, new DurationRecorder()]));
  const startedAt = performance.now();
  try {
    // The first of each kind also loads and compiles code the later ones find cached: left out.
    for (const kind of creationKinds) await createOnce(kind, context, partners);
    for (let round = 0; round < repetitions; round += 1) {
      if (context.signal.aborted) break;
      if (performance.now() - startedAt > experimentLimitMs) {
        context.log('warn', `creation stopped after ${round} rounds: the experiment is limited to ${experimentLimitMs / 1000} s`);
        break;
      }
      for (const kind of creationKinds) {
        const creation = await createOnce(kind, context, partners);
        firstMessage.get(kind)!.recordMilliseconds(creation.firstMessageMs);
        total.get(kind)!.recordMilliseconds(creation.totalMs);
        context.sample(kind, { creationUs: creation.firstMessageMs * 1000 });
      }
      reportFraction((round + 1) / repetitions);
    }
  } catch (error) {
    if (!(error instanceof RunCancelled)) throw error;
  }
  return creationKinds
    .filter((kind) => firstMessage.get(kind)!.count > 0)
    .map((kind) => {
      const first = firstMessage.get(kind)!;
      const whole = total.get(kind)!;
      return {
        kind,
        label: creationKindLabels[kind],
        layer: 'javascript' as const,
        count: first.count,
        p50Us: first.percentileUs(50),
        p99Us: first.percentileUs(99),
        maxUs: first.maxUs,
        meanUs: first.meanUs,
        totalP50Us: whole.percentileUs(50),
        totalP99Us: whole.percentileUs(99),
      };
    });
}
