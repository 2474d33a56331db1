import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threadsProcessesEngine } from '../../../main/engines/threadsProcesses/threadsProcessesEngine.ts';
import { parseScenario } from '../../../main/scenario/scenarioValidation.ts';

describe('the threads-processes scenario', () => {
  it('reads the lab’s default scenario into milliseconds and bytes', () => {
    const text = readFileSync(new URL('../../../labs/threads-processes/scenario.yaml', import.meta.url), 'utf8');
    const parsed = parseScenario(text.replace(/^engine:.*$/m, ''), threadsProcessesEngine.scenarioSchema);
    expect(parsed.diagnostics).toEqual([]);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual({
      creation: { repetitions: 30 },
      operatingSystem: { repetitions: 300, pingPongRuns: 15, pingPongRoundTrips: 2000 },
      roundTrip: { roundTrips: 2000, messageSize: 64, sharedMemory: true },
      blocking: { duration: 2000, tickInterval: 5, blockingCall: 100, requestEvery: 400, poolSize: 2 },
    });
  });

  it('fills every field from its default when a section is left out', () => {
    const parsed = parseScenario('roundTrip:\n  messageSize: 4KiB\n', threadsProcessesEngine.scenarioSchema);
    expect(parsed.diagnostics).toEqual([]);
    if (!parsed.ok) return;
    expect(parsed.value.roundTrip).toEqual({ roundTrips: 2000, messageSize: 4096, sharedMemory: true });
    expect(parsed.value.creation.repetitions).toBe(30);
    expect(parsed.value.blocking.poolSize).toBe(2);
  });

  it('refuses unbounded experiments', () => {
    const parsed = parseScenario('creation:\n  repetitions: 100000\nblocking:\n  blockingCall: 10s\n', threadsProcessesEngine.scenarioSchema);
    expect(parsed.ok).toBe(false);
    expect(parsed.diagnostics.map((diagnostic) => diagnostic.path).sort()).toEqual(['blocking.blockingCall', 'creation.repetitions']);
  });
});
