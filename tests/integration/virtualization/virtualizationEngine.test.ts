import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { virtualizationEngine } from '../../../main/engines/virtualization/virtualizationEngine.ts';
import { virtualizationScenarioSchema, type VirtualizationScenario } from '../../../main/engines/virtualization/virtualizationScenario.ts';
import { parseScenario } from '../../../main/scenario/scenarioValidation.ts';
import { eventually, recordingContext } from '../../support/recordingContext.ts';

function scenarioOf(text: string): VirtualizationScenario {
  const parsed = parseScenario(text, virtualizationScenarioSchema);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((diagnostic) => diagnostic.message).join('; '));
  return parsed.value;
}

/** The guest machine threads of this process still alive (the engine names them proclab-guest). */
function guestThreads(): number {
  return readdirSync('/proc/self/task').filter((task) => {
    try {
      return readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim() === 'proclab-guest';
    } catch {
      return false;
    }
  }).length;
}

describe('the virtualization engine', () => {
  it('measures every technique on every program in a guest thread, and releases the thread', async () => {
    const before = new Set(readdirSync(tmpdir()));
    const recorded = recordingContext();
    const metrics = await virtualizationEngine.run(scenarioOf('iterations: 20000\nrounds: 1\nstartupRepetitions: 1\nconsoleLines: 300\n'), recorded.context);
    await recorded.release();
    const techniques = metrics.techniques as { technique: string; program: string; wrongModeReads: number; trapsPerSecond: number }[];
    expect(techniques).toHaveLength(16);
    expect(techniques.find((row) => row.program === 'mode-probe' && row.technique === 'trap-and-emulate')!.wrongModeReads).toBeGreaterThanOrEqual(1);
    expect(techniques.find((row) => row.program === 'mode-probe' && row.technique === 'binary-translation')!.wrongModeReads).toBe(0);
    expect((metrics.startup as { kind: string }[]).map((row) => row.kind)).toEqual(['process', 'container', 'worker', 'vm']);
    const interfaces = metrics.interfaces as { level: string; count: number; costNs: number }[];
    expect(interfaces.map((row) => [row.level, row.count])).toEqual([
      ['library-call', 300],
      ['system-call', 300],
      ['privileged-instruction', 1200],
      ['device', 300],
    ]);
    for (const row of interfaces) expect(row.costNs).toBeGreaterThan(0);
    const summary = metrics.summary as Record<string, number>;
    // Every line of every pass (one untimed, one per level) reached the host's file whole.
    expect(summary.interfaceLinesWritten).toBe(300 * 5);
    expect(summary.interfaceLinesOnHost).toBe(300 * 5);
    await eventually(() => guestThreads() === 0, 5_000, 'the guest threads to end');
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('proclab-virtualization-') && !before.has(name))).toEqual([]);
  }, 60_000);

  it('stops a long guest run at once when cancelled and leaves no guest thread behind', async () => {
    const recorded = recordingContext();
    const running = virtualizationEngine.run(scenarioOf('programs: [cpu-bound]\niterations: 50000000\nrounds: 5\nstartupRepetitions: 1\n'), recorded.context);
    await eventually(() => recorded.events.some((event) => event.kind === 'startup'), 30_000, 'the start-up measurements');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The guest runs in a thread the operating system shows by its name.
    expect(guestThreads()).toBeGreaterThanOrEqual(1);
    const cancelledAt = performance.now();
    recorded.controller.abort();
    await running;
    expect(performance.now() - cancelledAt).toBeLessThan(3_000);
    await recorded.release();
    await eventually(() => guestThreads() === 0, 5_000, 'the guest threads to end');
  }, 60_000);
});
