import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunMetrics } from '../../../preload/api.ts';
import { consoleLineText, interfaceLevels } from '../../abstractMachine/guestInterfaces.ts';
import type { GuestProgramName } from '../../abstractMachine/guestPrograms.ts';
import type { TechniqueRow } from '../../abstractMachine/guestTechniques.ts';
import { measureContainer, measureProcess, measureWorker, type StartupRow } from '../../measure/startup/startupCosts.ts';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { startWorkerThread, type SupervisedChild } from '../../toolkit/supervisedChild.ts';
import { EngineFailure, type Engine, type EngineContext } from '../engine.ts';
import type { GuestReply, GuestRequest, GuestWorkerData } from './guestMessages.ts';
import { virtualizationCharts } from './virtualizationCharts.ts';
import { virtualizationEntryModules } from './virtualizationEntryModules.ts';
import { virtualizationMetrics, type InterfacesMeasured } from './virtualizationMetrics.ts';
import { guestProgramNames, virtualizationScenarioSchema, type VirtualizationScenario } from './virtualizationScenario.ts';
import { virtualizationTables } from './virtualizationTables.ts';

type GuestThread = SupervisedChild<GuestReply, GuestRequest, { bootMs: number; heapBytes: number; readyAtMs: number }>;

const stopGraceMs = 1_000;

function programsOf(scenario: VirtualizationScenario): GuestProgramName[] {
  return scenario.programs.length > 0 ? [...new Set(scenario.programs)] : [...guestProgramNames];
}

/** A guest thread, released by the run however it ends; the cancel signal stops the guest at its next slice. */
function startGuest(context: EngineContext, stopFlag: SharedArrayBuffer): GuestThread {
  const thread: GuestThread = startWorkerThread(entryModulePath(virtualizationEntryModules.guest), {
    name: 'the guest machine thread',
    workerData: { stopFlag } satisfies GuestWorkerData,
    threadName: 'proclab-guest',
    readyFrom: (message) => (message.type === 'booted' ? { bootMs: message.bootMs, heapBytes: message.heapBytes, readyAtMs: performance.now() } : undefined),
    failureFrom: (message) => (message.type === 'failed' ? new Error(`the guest machine failed: ${message.message}`) : undefined),
  });
  context.defer('the guest machine thread', () => thread.stop(stopGraceMs).then(() => undefined));
  return thread;
}

function abortPromise(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => (signal.aborted ? resolve(undefined) : signal.addEventListener('abort', () => resolve(undefined), { once: true })));
}

/** A vm's start-up: a new thread booting the guest kernel to its user program's first instruction. */
async function measureVm(context: EngineContext, stopFlag: SharedArrayBuffer): Promise<StartupRow | undefined> {
  const started = performance.now();
  const thread = startGuest(context, stopFlag);
  const booted = await Promise.race([thread.ready, thread.failed.then((error) => Promise.reject(error)), abortPromise(context.signal)]);
  await thread.stop(stopGraceMs);
  if (booted === undefined) return undefined;
  return { kind: 'vm', startMs: booted.readyAtMs - started, memoryBytes: booted.heapBytes, available: true, note: `own thread and guest machine, booted in ${booted.bootMs.toFixed(3)} ms of guest kernel` };
}

/** What reached the host through the console device: the lines that arrived whole, of those the guest wrote. */
function linesOnHost(outputPath: string, linesWritten: number): { linesWritten: number; linesOnHost: number } {
  const text = readFileSync(outputPath, 'utf8');
  const intact = text.split('\n').filter((line) => `${line}\n` === consoleLineText).length;
  return { linesWritten, linesOnHost: intact };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function medianStartup(rows: readonly StartupRow[]): StartupRow {
  return { ...rows[0]!, startMs: median(rows.map((row) => row.startMs)), memoryBytes: median(rows.map((row) => row.memoryBytes)) };
}

function medianTechniques(rounds: readonly TechniqueRow[][]): TechniqueRow[] {
  return rounds[0]!.map((first, index) => {
    const same = rounds.map((round) => round[index]!);
    const numeric = (key: keyof TechniqueRow): number => median(same.map((row) => row[key] as number));
    return {
      ...first,
      instructionsPerSecond: numeric('instructionsPerSecond'),
      slowdown: numeric('slowdown'),
      trapsPerSecond: numeric('trapsPerSecond'),
      vmmExitsPerSecond: numeric('vmmExitsPerSecond'),
      timeToFirstInstructionMs: numeric('timeToFirstInstructionMs'),
      translationCacheBlocks: numeric('translationCacheBlocks'),
      translationHitRate: numeric('translationHitRate'),
      wrongModeReads: numeric('wrongModeReads'),
    };
  });
}

/**
 * The virtualization lab: a guest machine with a privileged mode runs in its own worker thread under
 * interpretation, trap-and-emulate and binary translation, beside the same loop run natively; and a
 * process, a container (new namespaces), a worker thread and a vm (a thread booting the guest) start;
 * last, one request (write a line to the console) is followed through the four interfaces.
 */
export const virtualizationEngine: Engine<typeof virtualizationScenarioSchema> = {
  name: 'virtualization',
  scenarioSchema: virtualizationScenarioSchema,
  charts: virtualizationCharts,
  tables: virtualizationTables,

  estimateDurationMs: (scenario) => 2_000 + scenario.rounds * scenario.consoleLines * 0.05 + scenario.startupRepetitions * 300 + scenario.rounds * programsOf(scenario).length * (scenario.iterations / 1_000_000) * 6_000,

  async run(scenario: VirtualizationScenario, context: EngineContext): Promise<RunMetrics> {
    const programs = programsOf(scenario);
    const stopFlag = new SharedArrayBuffer(4);
    const stopGuests = (): void => {
      Atomics.store(new Int32Array(stopFlag), 0, 1);
    };
    context.signal.addEventListener('abort', stopGuests, { once: true });
    context.defer('the guest stop flag', () => context.signal.removeEventListener('abort', stopGuests));
    const totalSteps = scenario.startupRepetitions + scenario.rounds * programs.length + 1;
    let steps = 0;
    const step = (phase: string): void => context.progress({ fraction: Math.min(1, steps++ / totalSteps), phase });

    const startupRuns: StartupRow[][] = [[], [], [], []];
    try {
      for (let repetition = 0; repetition < scenario.startupRepetitions && !context.signal.aborted; repetition++) {
        step(`start-up ${repetition + 1} of ${scenario.startupRepetitions}`);
        // Interleaved, so that a busy moment of the machine falls on every kind alike.
        startupRuns[0]!.push(await measureProcess());
        startupRuns[1]!.push(await measureContainer());
        startupRuns[2]!.push(await measureWorker());
        const vm = await measureVm(context, stopFlag);
        if (vm !== undefined) startupRuns[3]!.push(vm);
      }
    } catch (error) {
      if (context.signal.aborted) return {};
      throw new EngineFailure(`start-up could not be measured: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (context.signal.aborted) return {};
    const startup = startupRuns.filter((rows) => rows.length > 0).map(medianStartup);
    for (const row of startup) context.event('startup', `${row.kind}: ${row.available ? `${row.startMs.toFixed(2)} ms, ${row.memoryBytes} B` : `unavailable (${row.note})`}`, { ...row });

    const guest = startGuest(context, stopFlag);
    const replies: GuestReply[] = [];
    let wake: () => void = () => undefined;
    guest.onMessage((message) => {
      replies.push(message);
      wake();
    });
    const nextReply = async <Type extends 'rows' | 'interfaces'>(type: Type): Promise<Extract<GuestReply, { type: Type }> | undefined> => {
      while (replies.length === 0) {
        const arrived = new Promise<void>((resolve) => (wake = resolve));
        const outcome = await Promise.race([arrived.then(() => 'reply' as const), guest.failed, abortPromise(context.signal)]);
        if (outcome === undefined) return undefined;
        if (outcome instanceof Error) throw new EngineFailure(outcome.message);
      }
      const reply = replies.shift()!;
      if (reply.type === 'failed') throw new EngineFailure(`the guest machine failed: ${reply.message}`);
      return reply.type === type ? (reply as Extract<GuestReply, { type: Type }>) : nextReply(type);
    };

    const booted = await Promise.race([guest.ready, guest.failed.then((error) => Promise.reject(new EngineFailure(error.message))), abortPromise(context.signal)]);
    if (booted === undefined) return {};
    const measured = new Map<GuestProgramName, TechniqueRow[][]>(programs.map((program) => [program, []]));
    for (let round = 0; round < scenario.rounds && !context.signal.aborted; round++) {
      for (const program of programs) {
        step(`round ${round + 1} of ${scenario.rounds}: ${program}`);
        guest.send({ type: 'measure', program, iterations: scenario.iterations });
        const reply = await nextReply('rows');
        if (reply === undefined || context.signal.aborted) return {};
        measured.get(program)!.push(reply.rows);
      }
    }
    const techniques = programs.flatMap((program) => medianTechniques(measured.get(program)!));

    step('one request through the four interfaces');
    const outputDirectory = mkdtempSync(join(tmpdir(), 'proclab-virtualization-'));
    context.defer('the console output directory', () => rmSync(outputDirectory, { recursive: true, force: true }));
    const outputPath = join(outputDirectory, 'console.txt');
    writeFileSync(outputPath, '');
    guest.send({ type: 'interfaces', lines: scenario.consoleLines, rounds: scenario.rounds, outputPath });
    const traced = await nextReply('interfaces');
    if (traced?.measurement === undefined || context.signal.aborted) return {};
    const interfaces: InterfacesMeasured = { ...traced.measurement, ...linesOnHost(outputPath, traced.measurement.lines * scenario.rounds * (1 + interfaceLevels.length)) };
    for (const row of interfaces.rows) context.event('interface', `${row.level}: ${row.count} crossings, ${row.costNs.toFixed(0)} ns each`, { ...row });
    context.progress({ fraction: 1, phase: 'done' });
    return virtualizationMetrics(techniques, startup, interfaces);
  },
};
