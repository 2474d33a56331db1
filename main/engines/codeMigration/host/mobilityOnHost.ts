// Weak and strong mobility between hosts, each move a real transfer between host processes:
// - weak: only the code segment moves (pushed by its sender, or pulled by its receiver) and the
//   program starts again from an entry point;
// - strong: the execution segment moves too. Migration stops the program where it is, ships the
//   segment and resumes it on the other host (sender-initiated: pushed; receiver-initiated: the
//   new host asks for it); cloning ships a copy while the original runs on.
import { summariseExecutionSegment } from '../../../abstractMachine/executionSegment.ts';
import type { SandboxOutcome } from './hostSandbox.ts';
import type { HostRuntime } from './hostRuntime.ts';
import { bodyBytes } from './hostFrames.ts';
import { packCodeAndSegment, unpackCodeAndSegment } from './localRun.ts';
import type { StartStages } from './sandboxJob.ts';
import { describeEnd, runReceivedCode, startReceivedCode, type StartedCode } from './receivedCode.ts';
import { programFor, type ProgramRequest } from '../programs/programLibrary.ts';

interface RunningProcess {
  code: Uint8Array;
  started: StartedCode;
  result: number[];
  startedAtNs: bigint;
}

export interface ProgramFinish {
  result: number[];
  finalStateDigest: string;
  instructionCount: number;
  startedAtNs: string;
  cpuMs: number;
  /** Resumed from a segment: when its sandbox had the message and when the segment was rebuilt. */
  sandboxGotAtNs?: string;
  resumedAtNs?: string;
  /** Received over a link: when this host had the whole frame. */
  frameGotAtNs?: string;
}

/** The sender's side of one strong move, each stamp CLOCK_MONOTONIC in ns (one clock for every process of the machine). */
export interface SenderStages {
  capturedAtNs: string;
  hostGotAtNs: string;
  writtenAtNs: string;
}

function finishOf(end: Awaited<StartedCode['finished']>, result: number[], startedAtNs: bigint, stages: StartStages = {}): ProgramFinish {
  if (end.end.kind !== 'halted') throw new Error(describeEnd(end.end));
  return { result, finalStateDigest: end.end.finalStateDigest, instructionCount: end.end.instructionCount, startedAtNs: startedAtNs.toString(), cpuMs: end.outcome.cpuMs, ...stages };
}

export function mobilityOnHost(runtime: HostRuntime): void {
  const { peers } = runtime;
  const processes = new Map<string, RunningProcess>();

  /** Runs code to its end here (from an entry, or resuming a segment). */
  const runHere = async (code: Uint8Array, start: { entry: string } | { segment: Uint8Array }): Promise<ProgramFinish> => {
    let result: number[] = [];
    const started = await startReceivedCode(runtime, { kind: 'runAbstract', code, ...start }, { emit: (words) => (result = Array.from(words)), hostNumber: runtime.config.number });
    const startedAtNs = await Promise.race([started.job.started, started.finished.then(() => 0n)]);
    return finishOf(await started.finished, result, startedAtNs, started.job.startStages);
  };
  // A pulled segment's reply: when it was handed to the kernel, asked for once the move is over.
  const pullWrites = new Map<string, Promise<bigint>>();

  runtime.peerHandlers.set('runCode', async (frame, respond) => {
    respond({ ...(await runHere(frame.body.slice(), { entry: String(frame.header.entry ?? 'main') })) });
  });
  runtime.peerHandlers.set('resume', async (frame, respond) => {
    const { code, segment } = unpackCodeAndSegment(frame.body);
    respond({ ...(await runHere(code, { segment })), ...(frame.receivedAtNs === undefined ? {} : { frameGotAtNs: frame.receivedAtNs.toString() }) });
  });
  runtime.peerHandlers.set('pull', async (frame, respond) => {
    const running = processes.get(String(frame.header.process));
    if (running === undefined) throw new Error(`${runtime.config.name} runs no process ${String(frame.header.process)}`);
    running.started.job.capture('migrate');
    const end = await running.started.job.end;
    if (end.kind !== 'captured') throw new Error(`the process could not be captured: ${describeEnd(end)}`);
    processes.delete(String(frame.header.process));
    const written = respond({ stoppedAtNs: end.atNs.toString(), instructionCount: end.instructionCount, segmentBytes: end.segment.length, ...end.stages }, packCodeAndSegment(running.code, end.segment));
    pullWrites.set(String(frame.header.process), written);
  });
  runtime.peerHandlers.set('pullWritten', async (frame, respond) => {
    const written = pullWrites.get(String(frame.header.process));
    pullWrites.delete(String(frame.header.process));
    respond({ writtenAtNs: written === undefined ? undefined : (await written).toString() });
  });

  runtime.commands.set('startProcess', async (args) => {
    const { encoded } = programFor(args.program as ProgramRequest);
    const id = String(args.process);
    const record: RunningProcess = { code: encoded, result: [], startedAtNs: 0n, started: undefined as unknown as StartedCode };
    record.started = await startReceivedCode(
      runtime,
      { kind: 'runAbstract', code: encoded, entry: String(args.entry ?? 'main'), ...(typeof args.stopAtInstruction === 'number' ? { stopAtInstruction: args.stopAtInstruction } : {}) },
      { emit: (words) => (record.result = Array.from(words)), hostNumber: runtime.config.number },
    );
    record.startedAtNs = await record.started.job.started;
    processes.set(id, record);
    return { startedAtNs: record.startedAtNs.toString() };
  });

  runtime.commands.set('finishProcess', async (args) => {
    const running = processes.get(String(args.process));
    if (running === undefined) throw new Error(`no process ${String(args.process)}`);
    processes.delete(String(args.process));
    return finishOf(await running.started.finished, running.result, running.startedAtNs);
  });

  // Sender-initiated migration: stop it here (or take the segment it stopped with), push it there.
  runtime.commands.set('migrateProcess', async (args) => {
    const running = processes.get(String(args.process));
    if (running === undefined) throw new Error(`no process ${String(args.process)}`);
    processes.delete(String(args.process));
    running.started.job.capture('migrate');
    const end = await running.started.job.end;
    if (end.kind !== 'captured') throw new Error(`the process could not be captured: ${describeEnd(end)}`);
    const body = packCodeAndSegment(running.code, end.segment);
    let writtenAtNs = 0n;
    const reply = await peers.request(String(args.to), { kind: 'resume', process: args.process }, body, undefined, (atNs) => (writtenAtNs = atNs));
    const outcome: SandboxOutcome = (await running.started.finished).outcome;
    const sender: SenderStages = { ...end.stages, writtenAtNs: writtenAtNs.toString() };
    return { stoppedAtNs: end.atNs.toString(), instructionsAtStop: end.instructionCount, segmentBytes: end.segment.length, frameBytes: bodyBytes(body), sourceCpuMs: outcome.cpuMs, sender, destination: reply.header };
  });

  // Receiver-initiated migration: ask the process's host for it, resume it here.
  runtime.commands.set('pullProcess', async (args) => {
    const reply = await peers.request(String(args.from), { kind: 'pull', process: args.process });
    const { code, segment } = unpackCodeAndSegment(reply.body);
    const finish = await runHere(code, { segment });
    const written = await peers.request(String(args.from), { kind: 'pullWritten', process: args.process });
    const sender: SenderStages = { capturedAtNs: String(reply.header.capturedAtNs), hostGotAtNs: String(reply.header.hostGotAtNs), writtenAtNs: String(written.header.writtenAtNs) };
    const destination: ProgramFinish = { ...finish, ...(reply.receivedAtNs === undefined ? {} : { frameGotAtNs: reply.receivedAtNs.toString() }) };
    return { stoppedAtNs: reply.header.stoppedAtNs, instructionsAtStop: reply.header.instructionCount, segmentBytes: segment.length, frameBytes: reply.body.length, sender, destination };
  });

  // Cloning: a copy of the execution segment goes there while the original runs on here.
  runtime.commands.set('cloneProcess', async (args) => {
    const running = processes.get(String(args.process));
    if (running === undefined) throw new Error(`no process ${String(args.process)}`);
    processes.delete(String(args.process));
    const cloned = new Promise<{ segment: Uint8Array; atNs: bigint }>((resolve) => running.started.job.onClone((segment, atNs) => resolve({ segment, atNs })));
    running.started.job.capture('clone');
    const { segment, atNs } = await cloned;
    const [reply, original] = await Promise.all([
      peers.request(String(args.to), { kind: 'resume', process: args.process }, packCodeAndSegment(running.code, segment)),
      running.started.finished.then((end) => finishOf(end, running.result, running.startedAtNs)),
    ]);
    return { clonedAtNs: atNs.toString(), segmentBytes: segment.length, instructionsAtClone: summariseExecutionSegment(segment).instructionCount, original, clone: reply.header };
  });

  // Weak mobility, sender-initiated: push the code; the receiver starts it afresh.
  runtime.commands.set('pushCode', async (args) => {
    const { encoded } = programFor(args.program as ProgramRequest);
    const reply = await peers.request(String(args.to), { kind: 'runCode', entry: String(args.entry ?? 'main') }, encoded);
    return { codeBytes: encoded.length, destination: reply.header };
  });

  // Weak mobility, receiver-initiated: fetch the code, start it here afresh.
  runtime.commands.set('pullCode', async (args) => {
    const reply = await peers.request(String(args.from), { kind: 'fetchCode', program: args.program });
    return { codeBytes: reply.body.length, destination: await runHere(reply.body.slice(), { entry: String(args.entry ?? 'main') }) };
  });

  // The reference: the same program, run here to its end without moving.
  runtime.commands.set('runProgram', async (args) => {
    const { encoded } = programFor(args.program as ProgramRequest);
    return runHere(encoded, { entry: String(args.entry ?? 'main') });
  });
}
