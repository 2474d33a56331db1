// The guest's vCPU loop: runs the program in small bounded steps, obeys the host's control block
// (pause for switch-over, exit, throttle, dirty tracking) and serves its own page faults: it asks
// the source for the page on its own line and copies the answer in itself, or, when the page is
// already on its way in the background push, blocks on the page-table entry until the destination
// host has copied it in.
import type { FaultTraceBuffers } from '../faultHops.ts';
import { HdrHistogram, type SerializedHistogram } from '../../../measure/hdrHistogram.ts';
import { controlSlots, decodeState, epochMs, GuestControl, runStates, statSlots, type GuestControlBuffers } from './guestControl.ts';
import { GuestMemory, pageAbsent, pagePresent, type GuestMemoryBuffers } from './guestMemory.ts';
import { createGuestProgram, type GuestProgram } from './guestPrograms.ts';
import { initialCpuState, type GuestCpuState, type WorkloadOptions } from './guestWorkload.ts';
import { createInstallerBuffers, PageInstaller, type InstallerBuffers } from '../hosts/pageInstaller.ts';
import type { PageRequestLine } from './pageRequestLine.ts';
import { SharedRing } from './sharedRing.ts';

export interface GuestThreadOptions {
  role: 'source' | 'destination';
  memory: GuestMemoryBuffers;
  control: GuestControlBuffers;
  nic?: { receive: SharedArrayBuffer; transmit: SharedArrayBuffer };
  workload: WorkloadOptions;
  seed: number;
  /**
   * Destination only: the source's page server, which a faulting guest asks for pages. Without it,
   * a fault waits for the page to be pushed.
   */
  pageRequestPort?: number;
  /** Destination only: the host's page bookkeeping, for the pages this guest takes in itself. */
  installer?: InstallerBuffers;
  /** Destination only: where to stamp the hops of each page request (see faultHops.ts). */
  faultTrace?: FaultTraceBuffers;
  /** A fault unanswered for this long fails the guest rather than hanging it. */
  maximumFaultWaitMs: number;
  /** Upper bound on the guest's whole life, so a forgotten guest cannot spin forever. */
  maximumLifetimeMs: number;
}

export interface GuestReport {
  kind: 'guest-report';
  role: 'source' | 'destination';
  outcome: 'exited' | 'lost' | 'failed' | 'never-started';
  operations: number;
  networkFaults: number;
  faultLatency: SerializedHistogram;
  message?: string;
}

class GuestStopped extends Error {}

const stepBudget = 64;

/**
 * Resuming runs code this thread has not run yet: decoding the CPU state and making the program.
 * Run both once on a throwaway state before the wait, so the downtime does not pay for compiling
 * them (from wake-up to the first instruction: 0.2-0.4 ms without this, 0.1-0.3 ms with it).
 * Making a program only stores its arguments; memory and the NIC are not touched.
 */
function rehearseResume(options: GuestThreadOptions, nic: Parameters<typeof createGuestProgram>[2]): void {
  const throwaway = decodeState(new TextEncoder().encode(JSON.stringify(initialCpuState(options.workload, options.seed)))) as GuestCpuState;
  createGuestProgram(options.workload, throwaway, nic);
}

export function runGuest(options: GuestThreadOptions, requestLine?: PageRequestLine): GuestReport {
  const control = new GuestControl(options.control);
  const faultLatency = new HdrHistogram();
  const installer = options.role === 'destination' ? new PageInstaller(options.memory, options.installer ?? createInstallerBuffers(options.memory)) : undefined;
  const bornAt = performance.now();
  let networkFaults = 0;
  const onFault = (page: number): void => {
    if (options.role === 'source') throw new Error(`page ${page} is missing at the source`);
    const started = performance.now();
    const keepWaiting = (): void => {
      const state = control.runState;
      if (state === runStates.lost || state === runStates.exitRequested) throw new GuestStopped(state === runStates.lost ? 'lost' : 'exit');
      if (performance.now() - started > options.maximumFaultWaitMs) throw new Error(`page ${page} did not arrive within ${options.maximumFaultWaitMs} ms`);
    };
    // Ask for the page and take it in; or, when the push has it on the way (or there is no line),
    // sleep on the page-table entry until the host has copied it in.
    if (requestLine === undefined || installer === undefined || requestLine.fetch(page, installer, keepWaiting) !== 'installed') {
      while (Atomics.load(memory.pageTable, page) !== pagePresent) {
        keepWaiting();
        Atomics.wait(memory.pageTable, page, pageAbsent, 20);
      }
    }
    const waitedMs = performance.now() - started;
    faultLatency.record(waitedMs * 1000);
    networkFaults += 1;
    control.stats[statSlots.networkFaults] = networkFaults;
    control.stats[statSlots.faultWaitMs] = control.stats[statSlots.faultWaitMs]! + waitedMs;
  };
  const memory = new GuestMemory(options.memory, onFault);
  const nic = options.nic === undefined ? undefined : { receive: new SharedRing(options.nic.receive), transmit: new SharedRing(options.nic.transmit), notifyTransmit: () => control.notifyTransmit(), whileWaiting: () => control.answerPauseProbe() };
  const report = (outcome: GuestReport['outcome'], state: GuestCpuState | undefined, message?: string): GuestReport => ({
    kind: 'guest-report',
    role: options.role,
    outcome,
    operations: state?.operations ?? 0,
    networkFaults,
    faultLatency: faultLatency.serialize(),
    ...(message === undefined ? {} : { message }),
  });
  const lifetimeLeft = (): number => options.maximumLifetimeMs - (performance.now() - bornAt);

  let state: GuestCpuState;
  let program: GuestProgram;
  if (options.role === 'source') {
    state = initialCpuState(options.workload, options.seed);
    program = createGuestProgram(options.workload, state, nic);
    program.initialize(memory);
    control.transition(runStates.waiting, runStates.running);
  } else {
    rehearseResume(options, nic);
    // A destination waits (blocked, no CPU) until the host hands it the CPU state at switch-over.
    while (control.runState === runStates.waiting && lifetimeLeft() > 0) {
      Atomics.wait(control.control, controlSlots.runState, runStates.waiting, 200);
      control.answerWakeProbe();
    }
    if (control.runState !== runStates.running) return report('never-started', undefined);
    state = control.loadedState() as GuestCpuState;
    program = createGuestProgram(options.workload, state, nic);
    control.stats[statSlots.resumedAtEpochMs] = epochMs();
  }

  let rateStartedAt = performance.now();
  let rateStartOperations = state.operations;
  let firstOperationPending = options.role === 'destination';
  let workSince = performance.now();
  const ratePerSecond = options.workload.kind === 'writer' ? options.workload.dirtyPagesPerSecond : 0;
  try {
    while (lifetimeLeft() > 0) {
      const runState = control.runState;
      if (runState !== runStates.running) {
        if (runState === runStates.pauseRequested) {
          // Stop for switch-over: the CPU state is saved where the host can send it.
          control.saveState(state);
          control.stats[statSlots.pausedAtEpochMs] = epochMs();
          control.transition(runStates.pauseRequested, runStates.paused);
          while (control.runState === runStates.paused && lifetimeLeft() > 0) Atomics.wait(control.control, controlSlots.runState, runStates.paused, 200);
          // Resumed here: the migration was aborted, the VM keeps running at the source.
          rateStartedAt = performance.now();
          rateStartOperations = state.operations;
          continue;
        }
        if (runState === runStates.lost) return report('lost', state);
        break;
      }
      memory.trackDirty = Atomics.load(control.control, controlSlots.trackDirty) === 1;
      control.answerPauseProbe();
      let budget = stepBudget;
      if (ratePerSecond > 0) {
        const allowed = Math.floor((ratePerSecond * (performance.now() - rateStartedAt)) / 1000) - (state.operations - rateStartOperations);
        budget = Math.min(stepBudget, allowed);
      }
      const done = budget > 0 ? program.step(memory, budget) : 0;
      const now = epochMs();
      control.stats[statSlots.operations] = state.operations;
      if (done > 0) {
        control.stats[statSlots.lastOperationEpochMs] = now;
        if (firstOperationPending) {
          firstOperationPending = false;
          control.stats[statSlots.firstOperationAfterResumeEpochMs] = now;
        }
      } else {
        // Nothing to do (idle, no request, rate reached): sleep until the host rings or 1 ms.
        const doorbell = Atomics.load(control.control, controlSlots.doorbell);
        if (control.runState === runStates.running) Atomics.wait(control.control, controlSlots.doorbell, doorbell, 1);
        workSince = performance.now();
      }
      const throttle = Atomics.load(control.control, controlSlots.throttlePercent);
      if (throttle > 0) {
        const worked = performance.now() - workSince;
        if (worked >= 1) {
          // Auto-converge: for t% throttle, sleep t/(100-t) of the time just worked.
          Atomics.wait(control.control, controlSlots.doorbell, Atomics.load(control.control, controlSlots.doorbell), (worked * throttle) / (100 - throttle));
          workSince = performance.now();
        }
      } else {
        workSince = performance.now();
      }
    }
    return report('exited', state);
  } catch (error) {
    if (error instanceof GuestStopped) return report(error.message === 'lost' ? 'lost' : 'exited', state);
    return report('failed', state, error instanceof Error ? error.message : String(error));
  }
}
