import { describe, expect, it } from 'vitest';
import { cpuBetween, type CpuSnapshot } from '../../../main/engines/architectures/cpu/cpuAccounting.ts';
import { cpuScalingRows, serverCpuUse } from '../../../main/engines/architectures/cpu/cpuScaling.ts';
import { parseLoadAverage, parseMachineStat, parseTaskStat, type TaskTimes } from '../../../main/engines/architectures/cpu/procStat.ts';

const task = (name: string, ownTicks: number, waitedChildrenTicks = 0, parentPid = 1): TaskTimes => ({ name, parentPid, ownTicks, waitedChildrenTicks });

function snapshot(atMs: number, processTicks: number, waited: number, threads: [number, TaskTimes][], children: [number, TaskTimes][], busy: number, idle: number): CpuSnapshot {
  return { atMs, process: task('node', processTicks, waited), threads: new Map(threads), descendants: new Map(children), machine: { busy, idle } };
}

describe('/proc parsing', () => {
  it('reads a thread whose name holds spaces and parentheses', () => {
    const line = '4242 (proclab (srv) x) S 17 4242 4242 0 -1 4194560 2 0 0 0 150 25 7 3 20 0 9 0 123 0 0';
    expect(parseTaskStat(line)).toEqual({ name: 'proclab (srv) x', parentPid: 17, ownTicks: 175, waitedChildrenTicks: 10 });
    expect(parseTaskStat('garbage')).toBeUndefined();
  });

  it('reads the machine and the load average', () => {
    expect(parseMachineStat('cpu  100 5 50 800 20 3 2 1 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n')).toEqual({ busy: 161, idle: 820 });
    expect(parseMachineStat('intr 1 2 3')).toBeUndefined();
    expect(parseLoadAverage('1.52 0.56 0.23 2/301 4242\n')).toEqual([1.52, 0.56, 0.23]);
  });
});

describe('splitting a window of CPU time', () => {
  it('gives the server its named threads, its ended threads and its processes, and the rest to the others', () => {
    // 2 s on 2 cores: 400 ticks of machine time.
    const before = snapshot(
      0,
      1000,
      40,
      [
        [1, task('MainThread', 300)],
        [2, task('proclab-load', 100)],
        [3, task('proclab-srv', 500)],
        [9, task('proclab-srv-req', 50)],
      ],
      [[50, task('node', 10, 0, 1)]],
      10_000,
      5000,
    );
    const after = snapshot(
      2000,
      1250,
      60,
      [
        [1, task('MainThread', 310)],
        [2, task('proclab-load', 130)],
        [3, task('proclab-srv', 650)],
        // born in the window
        [4, task('proclab-srv-pool', 40)],
      ],
      [[50, task('node', 60, 0, 1)]],
      10_000 + 380,
      5000 + 20,
    );
    const window = cpuBetween(before, after, 2);
    // Live server threads 150 + 40, the request thread that ended 250 - 230 = 20, children 20 waited + 50 alive.
    expect(window.serverCpuSeconds).toBeCloseTo(2.8, 5);
    expect(window.loadGeneratorCpuSeconds).toBeCloseTo(0.3, 5);
    expect(window.appCpuSeconds).toBeCloseTo(0.1, 5);
    // 380 busy ticks, of which this process 250 and its server processes 70.
    expect(window.otherProcessesCpuSeconds).toBeCloseTo(0.6, 5);
    expect(window.idleCpuSeconds).toBeCloseTo(0.2, 5);
    expect(window.wallSeconds).toBe(2);

    const use = serverCpuUse(window, 280, 0.5);
    expect(use).toMatchObject({ effectiveParallelism: 1.4, loadGeneratorParallelism: 0.15, appParallelism: 0.05, otherProcessesParallelism: 0.3, idleCores: 0.1, coresLeft: 1.5, cpuMsPerRequest: 10, loadAverageAtStart: 0.5 });
  });

  it('puts each server next to the iterative one: throughput gain beside parallelism gain', () => {
    const cpu = (effectiveParallelism: number) => ({ ...serverCpuUse({ wallSeconds: 1, cores: 2, serverCpuSeconds: effectiveParallelism, loadGeneratorCpuSeconds: 0, appCpuSeconds: 0, otherProcessesCpuSeconds: 0, idleCpuSeconds: 0 }, 100, undefined) });
    const rows = cpuScalingRows([
      { name: 'iterative', architecture: 'iterative', throughputRps: 100, cpu: cpu(1) },
      { name: 'pool', architecture: 'thread-pool', throughputRps: 150, cpu: cpu(1.6) },
      { name: 'no cpu figures', architecture: 'prefork', throughputRps: 150 },
    ]);
    expect(rows.map((row) => [row.name, row.throughputGain, row.parallelismGain])).toEqual([
      ['iterative', 1, 1],
      ['pool', 1.5, 1.6],
    ]);
    expect(cpuScalingRows([{ name: 'pool', architecture: 'thread-pool', throughputRps: 150, cpu: cpu(1.6) }])[0]!.throughputGain).toBeUndefined();
  });
});
