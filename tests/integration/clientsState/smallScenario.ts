import { parseEngineScenario } from '../../../main/scenario/engineScenario.ts';
import type { ClientsStateScenario } from '../../../main/engines/clientsState/clientsStateScenario.ts';

/** A short clients-and-state scenario (about 20 s) that still shows every claim of the lab. */
export const smallScenarioText = [
  'engine: clients-and-state',
  'access: { calls: 60 }',
  'idempotency: { calls: 30, replyLoss: 0.25, requestLoss: 0.05, duplicate: 0.05, timeout: 150ms, retries: 10, backoff: 5ms, tableLifetime: 1s }',
  'policies: { replicas: 3, callsPerPhase: 30, interval: 8ms, timeout: 1s, retries: 4, backoff: 20ms, slowShare: 0.3, slowDelay: 500ms, firstOf: 2, crashOutage: 150ms, allDownOutage: 300ms }',
  'stateDesigns: { files: 4, fileSize: 16KiB, streamSize: 256KiB, streamBlocksPerRound: 2, steady: 700ms, downtime: 200ms, after: 900ms, lease: 300ms, writeEvery: 50ms }',
  'inClass: { downtime: 100ms }',
  '',
].join('\n');

export function scenario(text: string = smallScenarioText): ClientsStateScenario {
  const parsed = parseEngineScenario(text, 'clients-and-state');
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`).join('\n'));
  return parsed.value as unknown as ClientsStateScenario;
}

/** Only some parts, the others switched off. */
export function onlyParts(parts: string[], text: string = smallScenarioText): ClientsStateScenario {
  const value = scenario(text) as unknown as Record<string, { enabled: boolean }>;
  for (const part of ['access', 'idempotency', 'policies', 'stateDesigns', 'inClass']) value[part]!.enabled = parts.includes(part);
  return value as unknown as ClientsStateScenario;
}
