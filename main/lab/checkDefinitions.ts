import { parseScenario } from '../scenario/scenarioValidation.ts';
import { hiddenChecksSchema, type LabCheck } from './labDefinition.ts';

export type CheckDefinitionsRead = { ok: true; checks: LabCheck[] } | { ok: false; message: string };

/**
 * Check definitions that arrive as data rather than as lab.yaml (the copy a report embeds), read
 * with the very schema lab.yaml's checks are read with: what passes is a list of checks exactly
 * as a lab would have them, and anything else says what is wrong with it.
 */
export function readCheckDefinitions(value: unknown): CheckDefinitionsRead {
  if (!Array.isArray(value)) return { ok: false, message: 'the checks are not a list' };
  const parsed = parseScenario(JSON.stringify({ checks: value }), hiddenChecksSchema);
  if (!parsed.ok) {
    const first = parsed.diagnostics[0];
    return { ok: false, message: first === undefined ? 'the checks cannot be read' : first.message };
  }
  return { ok: true, checks: parsed.value.checks };
}
