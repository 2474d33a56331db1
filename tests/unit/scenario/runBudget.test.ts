import { describe, expect, it } from 'vitest';
import { budgetProblem, liveProcessCeiling, type MachineAllowance } from '../../../main/scenario/runBudget.ts';
import { parseEngineScenario } from '../../../main/scenario/engineScenario.ts';

const plenty: MachineAllowance = { liveProcesses: liveProcessCeiling, freeMemoryBytes: 64 * 1024 ** 3 };

function superserver(burst: string, limits: string): string {
  return `engine: superserver\nburst:\n${burst}\nlimits:\n${limits}\n`;
}

describe('run budgets, checked before a run starts', () => {
  it('refuses the superserver burst that started about 190 handler processes, at the field to change', () => {
    const text = superserver('  clients: 200\n  hold: 30s', '  instances: 1000');
    const parsed = parseEngineScenario(text, 'superserver', plenty);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics).toHaveLength(1);
    const [diagnostic] = parsed.diagnostics;
    expect(diagnostic).toMatchObject({ severity: 'error', path: 'burst.clients', line: 3, column: 12 });
    expect(diagnostic!.message).toMatch(/keep up to 201 processes alive at once \(burst\.clients 200 .* 200 handlers within limits\.instances 1000, and the always-running server\); proclab runs at most 64 at once/);
  });

  it('points at limits.instances when that is what lets too many run, written or not', () => {
    const written = parseEngineScenario(superserver('  clients: 200\n  hold: 30s', '  instances: 100'), 'superserver', plenty);
    expect(written).toMatchObject({ ok: false, diagnostics: [{ path: 'limits.instances', line: 6, message: expect.stringContaining('up to 101 processes alive at once (limits.instances 100 handlers and the always-running server); proclab runs at most 64 at once: lower limits.instances until it fits') }] });
    const unlimited = parseEngineScenario('engine: superserver\nburst:\n  clients: 100\n  hold: 10s\nlimits:\n  instances: 0\n', 'superserver', plenty);
    expect(unlimited).toMatchObject({ ok: false, diagnostics: [{ path: 'burst.clients', message: expect.stringContaining('limits.instances 0: no limit') }] });
  });

  it('accepts the lab’s own scenario and the same burst once instances keeps it under the ceiling', () => {
    expect(parseEngineScenario('engine: superserver\n', 'superserver', plenty).ok).toBe(true);
    expect(parseEngineScenario(superserver('  clients: 200\n  hold: 30s', '  instances: 63'), 'superserver', plenty).ok).toBe(true);
    expect(parseEngineScenario(superserver('  clients: 200\n  hold: 30s', '  instances: 64'), 'superserver', plenty).ok).toBe(false);
    // Many clients that come and go quickly never overlap: no limit needed.
    expect(parseEngineScenario(superserver('  clients: 200\n  spacing: 40ms\n  hold: 600ms', '  instances: 0'), 'superserver', plenty).ok).toBe(true);
  });

  it('refuses a scenario needing more memory than the machine has free, saying how much it needs', () => {
    const small: MachineAllowance = { liveProcesses: liveProcessCeiling, freeMemoryBytes: 512 * 1024 ** 2 };
    const parsed = parseEngineScenario(superserver('  clients: 40\n  hold: 5s', '  instances: 40'), 'superserver', small);
    expect(parsed).toMatchObject({ ok: false, diagnostics: [{ path: 'burst.clients', message: expect.stringMatching(/needs about 2,048 MiB of memory \(.*\), and this machine has 512 MiB free now: lower burst\.clients or close other programs$/) }] });
    expect(parseEngineScenario('engine: superserver\n', 'superserver', small).ok).toBe(true);
  });

  it('says nothing for a budget within the allowance, and names both numbers when it is not', () => {
    const budget = { liveProcesses: 10, memoryBytes: 1024 ** 3, path: 'x', reason: 'ten servers' };
    expect(budgetProblem(budget, plenty)).toBeUndefined();
    expect(budgetProblem({ ...budget, liveProcesses: 65 }, plenty)).toContain('up to 65 processes alive at once (ten servers); proclab runs at most 64');
  });
});
