import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { architecturesEngine } from '../../../main/engines/architectures/architecturesEngine.ts';
import type { ServerMeasurement } from '../../../main/engines/architectures/architecturesMetrics.ts';
import type { CpuScalingRow } from '../../../main/engines/architectures/cpu/cpuScaling.ts';
import { evaluateChecks } from '../../../main/lab/checkEvaluation.ts';
import { loadLab } from '../../../main/lab/labCatalog.ts';
import { recordingContext, type RecordedContext } from '../../support/recordingContext.ts';
import { scenarioWith } from './testScenario.ts';

interface Metrics {
  measurements: ServerMeasurement[];
  cpuScaling: CpuScalingRow[];
  machine: { cores: number; loadAverageAtStart?: number };
}

const labChecks = loadLab(fileURLToPath(new URL('../../../labs/server-architectures', import.meta.url))).definition.checks;
const cores = availableParallelism();

let recorded: RecordedContext | undefined;
let hog: ChildProcess | undefined;
afterEach(async () => {
  await recorded?.release();
  recorded = undefined;
  if (hog !== undefined && hog.exitCode === null && hog.signalCode === null) {
    const exited = new Promise((resolve) => hog!.once('exit', resolve));
    hog.kill('SIGKILL');
    await exited;
  }
  hog = undefined;
});

const cpuScenario = (servers: Parameters<typeof scenarioWith>[0]['servers']) =>
  scenarioWith({ servers, workload: { kind: 'cpu', serviceTime: 5, responseSize: 64 }, load: { connections: 8, duration: 1500, warmup: 300, timeout: 5000 } });

describe('cpu scaling judged on the cores a server got', () => {
  it('accounts every core of the machine: the server, the load generator, the app, other processes, idle', async () => {
    recorded = recordingContext();
    const scenario = cpuScenario([
      { name: 'iterative', architecture: 'iterative' },
      { name: 'pool', architecture: 'thread-pool', workers: 4 },
      { name: 'prefork', architecture: 'prefork', workers: 2 },
    ]);
    const metrics = (await architecturesEngine.run(scenario, recorded.context)) as unknown as Metrics;

    expect(metrics.machine.cores).toBe(cores);
    expect(metrics.machine.loadAverageAtStart).toBeTypeOf('number');
    for (const measurement of metrics.measurements) {
      const cpu = measurement.cpu!;
      expect(cpu, measurement.name).toBeDefined();
      // The parts add up to the machine: CPU seconds of everyone plus idle ≈ cores × wall.
      const accounted = cpu.effectiveParallelism + cpu.loadGeneratorParallelism + cpu.appParallelism + cpu.otherProcessesParallelism + cpu.idleCores;
      expect(accounted, measurement.name).toBeGreaterThan(cores - 0.25);
      expect(accounted, measurement.name).toBeLessThan(cores + 0.25);
      expect(cpu.cpuSeconds, measurement.name).toBeGreaterThan(0);
      // Each request computes for its service time (5 ms of CPU), whichever thread or process does it.
      expect(cpu.cpuMsPerRequest, measurement.name).toBeGreaterThan(3.5);
      expect(cpu.cpuMsPerRequest, measurement.name).toBeLessThan(10);
    }
    // One thread cannot keep more than one core busy (CPU time comes in 10 ms ticks, so a little
    // above 1 can be read). The load generator's thread must not be counted as the server's.
    expect(metrics.measurements[0]!.cpu!.effectiveParallelism).toBeLessThanOrEqual(1.05);
    // The prefork server's work happens in its child processes, and is counted.
    expect(metrics.measurements[2]!.cpu!.effectiveParallelism).toBeGreaterThan(0.5);
    expect(metrics.cpuScaling.map((row) => [row.name, row.throughputGain !== undefined])).toEqual([
      ['iterative', true],
      ['pool', true],
      ['prefork', true],
    ]);
    expect(metrics.cpuScaling[0]).toMatchObject({ throughputGain: 1, parallelismGain: 1 });
  });

  it('judges the thread pool against the cores it got while a CPU hog runs beside it', async () => {
    // A busy loop in another process, bounded in time, ended by the test.
    hog = spawn(process.execPath, ['-e', 'const end = Date.now() + 30000; while (Date.now() < end);'], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    recorded = recordingContext();
    const scenario = cpuScenario([
      { name: 'iterative', architecture: 'iterative' },
      { name: 'thread-pool', architecture: 'thread-pool', workers: 4 },
    ]);
    const metrics = (await architecturesEngine.run(scenario, recorded.context)) as unknown as Metrics;
    const [, pool] = metrics.cpuScaling;

    // The hog is seen as another process, and the pool did not get every core.
    for (const row of metrics.cpuScaling) expect(row.otherProcessesParallelism, row.name).toBeGreaterThan(0.25);
    expect(pool!.effectiveParallelism).toBeLessThan(cores - 0.2);
    expect(pool!.coresLeft).toBeLessThan(cores - 0.2);

    const checks = evaluateChecks(labChecks, scenario, metrics as unknown as Record<string, unknown>);
    const gain = checks.find((check) => check.checkId === 'thread-pool-gain-follows-its-cores')!;
    const used = checks.find((check) => check.checkId === 'thread-pool-uses-the-cores-left')!;
    // Judged against what the pool got, not against the machine's core count.
    const twoDecimals = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
    expect(gain.detail).toContain(`>= 0.80 × ${twoDecimals(pool!.parallelismGain!)}`);
    expect(used.detail).toContain(`>= 0.80 × ${twoDecimals(pool!.coresLeft)}`);
    expect(gain.passed, gain.detail).toBe(true);
    expect(used.passed, used.detail).toBe(true);
    expect(hog.exitCode).toBeNull();
  });
});
