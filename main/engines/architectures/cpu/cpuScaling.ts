import type { WindowCpu } from './cpuAccounting.ts';

/** How much of the machine one server got while it was measured. */
export interface ServerCpuUse {
  wallSeconds: number;
  /** CPU seconds of the server's threads and processes in the window. */
  cpuSeconds: number;
  /** cpuSeconds / wallSeconds: how many cores the server kept busy on average. */
  effectiveParallelism: number;
  loadGeneratorParallelism: number;
  /** This app's own other threads (main thread, garbage collector, compiler). */
  appParallelism: number;
  /** Every other process on the machine, in cores busy on average. */
  otherProcessesParallelism: number;
  /** Cores idle on average. */
  idleCores: number;
  /** Cores the server could have had: the machine's minus the others', the load generator's and the app's. */
  coresLeft: number;
  cpuMsPerRequest: number;
  /** The 1-minute load average when the window began (slow to follow a change: a minute's average). */
  loadAverageAtStart?: number;
}

function rounded(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function serverCpuUse(window: WindowCpu, requests: number, loadAverageAtStart: number | undefined): ServerCpuUse {
  const perWall = (cpuSeconds: number): number => (window.wallSeconds > 0 ? cpuSeconds / window.wallSeconds : 0);
  const others = perWall(window.otherProcessesCpuSeconds);
  const load = perWall(window.loadGeneratorCpuSeconds);
  const app = perWall(window.appCpuSeconds);
  return {
    wallSeconds: rounded(window.wallSeconds),
    cpuSeconds: rounded(window.serverCpuSeconds, 2),
    effectiveParallelism: rounded(perWall(window.serverCpuSeconds), 2),
    loadGeneratorParallelism: rounded(load, 2),
    appParallelism: rounded(app, 2),
    otherProcessesParallelism: rounded(others, 2),
    idleCores: rounded(perWall(window.idleCpuSeconds), 2),
    coresLeft: rounded(Math.max(0, window.cores - others - load - app), 2),
    cpuMsPerRequest: requests > 0 ? rounded((window.serverCpuSeconds * 1000) / requests) : 0,
    ...(loadAverageAtStart === undefined ? {} : { loadAverageAtStart }),
  };
}

export interface CpuScalingMeasurement {
  name: string;
  architecture: string;
  throughputRps: number;
  sweepValue?: number;
  cpu?: ServerCpuUse;
}

/** One row per server measured: its throughput gain over the iterative server next to the cores it got. */
export interface CpuScalingRow {
  name: string;
  architecture: string;
  sweepValue?: number;
  throughputRps: number;
  /** throughputRps / the iterative server's (same sweep value); absent without an iterative server. */
  throughputGain?: number;
  effectiveParallelism: number;
  /** effectiveParallelism / the iterative server's: the gain the cores it got allow. */
  parallelismGain?: number;
  coresLeft: number;
  otherProcessesParallelism: number;
  cpuMsPerRequest: number;
  loadAverageAtStart?: number;
}

export function cpuScalingRows(measurements: readonly CpuScalingMeasurement[]): CpuScalingRow[] {
  const rows: CpuScalingRow[] = [];
  for (const measurement of measurements) {
    const cpu = measurement.cpu;
    if (cpu === undefined) continue;
    const iterative = measurements.find((other) => other.architecture === 'iterative' && other.sweepValue === measurement.sweepValue && other.cpu !== undefined);
    const row: CpuScalingRow = {
      name: measurement.name,
      architecture: measurement.architecture,
      throughputRps: measurement.throughputRps,
      effectiveParallelism: cpu.effectiveParallelism,
      coresLeft: cpu.coresLeft,
      otherProcessesParallelism: cpu.otherProcessesParallelism,
      cpuMsPerRequest: cpu.cpuMsPerRequest,
    };
    if (measurement.sweepValue !== undefined) row.sweepValue = measurement.sweepValue;
    if (cpu.loadAverageAtStart !== undefined) row.loadAverageAtStart = cpu.loadAverageAtStart;
    if (iterative !== undefined && iterative.throughputRps > 0 && iterative.cpu!.effectiveParallelism > 0) {
      row.throughputGain = rounded(measurement.throughputRps / iterative.throughputRps, 2);
      row.parallelismGain = rounded(cpu.effectiveParallelism / iterative.cpu!.effectiveParallelism, 2);
    }
    rows.push(row);
  }
  return rows;
}
