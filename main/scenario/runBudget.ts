import { freemem } from 'node:os';
import type { RunBudget } from '../engines/engine.ts';

/**
 * Most processes one run may keep alive at once. A lab about starting processes needs tens of
 * them to show instances and refusals; hundreds (each a runtime of about 45 MiB) only measure how
 * the laptop swaps.
 */
export const liveProcessCeiling = 64;

export interface MachineAllowance {
  liveProcesses: number;
  /** Memory the system could give now without swapping (Linux: MemAvailable). */
  freeMemoryBytes: number;
}

export function currentAllowance(): MachineAllowance {
  return { liveProcesses: liveProcessCeiling, freeMemoryBytes: freemem() };
}

function mebibytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024 ** 2).toLocaleString('en')} MiB`;
}

/** Why a budget does not fit the allowance, or undefined when it fits. */
export function budgetProblem(budget: RunBudget, allowance: MachineAllowance): string | undefined {
  if (budget.liveProcesses > allowance.liveProcesses) {
    return `this scenario would keep up to ${budget.liveProcesses} processes alive at once (${budget.reason}); proclab runs at most ${allowance.liveProcesses} at once: lower ${budget.path} until it fits`;
  }
  if (budget.memoryBytes > allowance.freeMemoryBytes) {
    return `this scenario needs about ${mebibytes(budget.memoryBytes)} of memory (${budget.reason}), and this machine has ${mebibytes(allowance.freeMemoryBytes)} free now: lower ${budget.path} or close other programs`;
  }
  return undefined;
}
