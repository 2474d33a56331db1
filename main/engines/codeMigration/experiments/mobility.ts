// Weak and strong mobility between host A and host B, each checked against the same program run
// without moving: weak mobility restarts the program (the receiver runs every instruction
// again), strong mobility resumes it (the receiver runs only what was left) — and both must end
// with the same result and the same final state, word for word.
import { pause } from '../../../toolkit/abortableWaits.ts';
import type { ProgramFinish, SenderStages } from '../host/mobilityOnHost.ts';
import { linkShapeOf, round, type ExperimentContext } from './experimentContext.ts';

interface StrongMove {
  stoppedAtNs: string;
  instructionsAtStop: number;
  segmentBytes: number;
  sender: SenderStages;
  destination: ProgramFinish;
}

/** Where a strong move's pause goes, stage by stage, in ms (the stages add up to the pause). */
export interface PauseStages {
  /** A's sandbox writes the execution segment. */
  capture: number;
  /** A's sandbox → host A over the sandbox's IPC channel. */
  sandboxToHost: number;
  /** Host A packs code and segment into a frame and hands it to the kernel. */
  packAndWrite: number;
  /** The frame crosses the link and host B has all of it. */
  link: number;
  /** Host B → B's sandbox over its IPC channel. */
  hostToSandbox: number;
  /** B's sandbox rebuilds the machine from the segment. */
  resume: number;
  /** Resumed until its first instruction. */
  firstInstruction: number;
}

export interface MobilityResult {
  reference: { result: number[]; instructionCount: number; finalStateDigest: string };
  weakMobility: {
    pushed: { resultEqual: boolean; codeBytes: number; instructionsAtReceiver: number; restarted: boolean };
    pulled: { resultEqual: boolean; codeBytes: number; instructionsAtReceiver: number; restarted: boolean };
  };
  strongMobility: {
    migrated: { resultEqual: boolean; executionSegmentBytes: number; pauseMs: number; pauseStagesMs: PauseStages; initiatedBy: 'sender'; instructionsBeforeMove: number; instructionsAfterMove: number };
    pulled: { resultEqual: boolean; executionSegmentBytes: number; pauseMs: number; pauseStagesMs: PauseStages; initiatedBy: 'receiver'; instructionsBeforeMove: number; instructionsAfterMove: number };
    cloned: { resultEqual: boolean; originalResultEqual: boolean; cloneResultEqual: boolean; executionSegmentBytes: number; instructionsBeforeClone: number };
  };
}

export async function runMobility(experiment: ExperimentContext, progress: (fraction: number, phase: string) => void): Promise<MobilityResult | undefined> {
  const { cluster, context, scenario, client } = experiment;
  const receiver = experiment.dataHosts[0]!;
  const program = { name: 'churn', heapWords: Math.floor(scenario.mobility.heap / 4), rounds: scenario.mobility.rounds };
  cluster.setLinkShape(linkShapeOf(scenario.mobility.link));
  const same = (finish: ProgramFinish, reference: ProgramFinish): boolean => JSON.stringify(finish.result) === JSON.stringify(reference.result) && finish.finalStateDigest === reference.finalStateDigest;
  const step = async <T>(fraction: number, phase: string, action: () => Promise<T>): Promise<T> => {
    progress(fraction, phase);
    experiment.setPhase(phase);
    await cluster.settle();
    return action();
  };

  const reference = await step(0, 'reference run on A', () => cluster.request<ProgramFinish>(client, 'runProgram', { program }));
  context.event('reference', `the program ran to its end on ${client} without moving: ${reference.instructionCount} instructions`, { instructions: reference.instructionCount });
  const pushed = await step(0.15, 'weak mobility, pushed', () => cluster.request<{ codeBytes: number; destination: ProgramFinish }>(client, 'pushCode', { program, to: receiver }));
  const pulled = await step(0.3, 'weak mobility, pulled', () => cluster.request<{ codeBytes: number; destination: ProgramFinish }>(receiver, 'pullCode', { program, from: client }));
  if (context.signal.aborted) return undefined;

  const strongly = async (fraction: number, phase: string, processId: string, move: () => Promise<StrongMove>): Promise<StrongMove> =>
    step(fraction, phase, async () => {
      await cluster.request(client, 'startProcess', { process: processId, program });
      await pause(scenario.mobility.migrateAfter, context.signal);
      return move();
    });
  const migrated = await strongly(0.45, 'strong mobility, migration pushed by A', 'migrated', () => cluster.request<StrongMove>(client, 'migrateProcess', { process: 'migrated', to: receiver }));
  const pulledProcess = await strongly(0.6, 'strong mobility, migration pulled by B', 'pulled', () => cluster.request<StrongMove>(receiver, 'pullProcess', { process: 'pulled', from: client }));
  const cloned = await step(0.75, 'strong mobility, cloning', async () => {
    await cluster.request(client, 'startProcess', { process: 'cloned', program });
    await pause(scenario.mobility.migrateAfter, context.signal);
    return cluster.request<{ clonedAtNs: string; segmentBytes: number; instructionsAtClone: number; original: ProgramFinish; clone: ProgramFinish }>(client, 'cloneProcess', { process: 'cloned', to: receiver });
  });
  // Stamps are CLOCK_MONOTONIC ns as decimal strings; a missing one gives NaN, not a made-up 0.
  const msBetween = (from: string | undefined, to: string | undefined): number => (from === undefined || to === undefined ? Number.NaN : round(Number(BigInt(to) - BigInt(from)) / 1e6));
  const pauseOf = (move: StrongMove): number => msBetween(move.stoppedAtNs, move.destination.startedAtNs);
  const stagesOf = (move: StrongMove): PauseStages => {
    const { sender, destination } = move;
    return {
      capture: msBetween(move.stoppedAtNs, sender.capturedAtNs),
      sandboxToHost: msBetween(sender.capturedAtNs, sender.hostGotAtNs),
      packAndWrite: msBetween(sender.hostGotAtNs, sender.writtenAtNs),
      link: msBetween(sender.writtenAtNs, destination.frameGotAtNs),
      hostToSandbox: msBetween(destination.frameGotAtNs, destination.sandboxGotAtNs),
      resume: msBetween(destination.sandboxGotAtNs, destination.resumedAtNs),
      firstInstruction: msBetween(destination.resumedAtNs, destination.startedAtNs),
    };
  };
  const strong = (move: StrongMove) => ({
    resultEqual: same(move.destination, reference),
    executionSegmentBytes: move.segmentBytes,
    pauseMs: pauseOf(move),
    pauseStagesMs: stagesOf(move),
    instructionsBeforeMove: move.instructionsAtStop,
    instructionsAfterMove: move.destination.instructionCount - move.instructionsAtStop,
  });
  const weak = (move: { codeBytes: number; destination: ProgramFinish }) => ({
    resultEqual: same(move.destination, reference),
    codeBytes: move.codeBytes,
    instructionsAtReceiver: move.destination.instructionCount,
    restarted: move.destination.instructionCount === reference.instructionCount,
  });
  progress(1, 'mobility measured');
  return {
    reference: { result: reference.result, instructionCount: reference.instructionCount, finalStateDigest: reference.finalStateDigest },
    weakMobility: { pushed: weak(pushed), pulled: weak(pulled) },
    strongMobility: {
      migrated: { ...strong(migrated), initiatedBy: 'sender' },
      pulled: { ...strong(pulledProcess), initiatedBy: 'receiver' },
      cloned: {
        resultEqual: same(cloned.original, reference) && same(cloned.clone, reference),
        originalResultEqual: same(cloned.original, reference),
        cloneResultEqual: same(cloned.clone, reference),
        executionSegmentBytes: cloned.segmentBytes,
        instructionsBeforeClone: cloned.instructionsAtClone,
      },
    },
  };
}
