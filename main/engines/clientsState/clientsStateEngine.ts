import type { RunMetrics } from '../../../preload/api.ts';
import type { Engine, EngineContext } from '../engine.ts';
import { clientsStateCharts } from './clientsStateCharts.ts';
import { clientsStateHeadline } from './clientsStateHeadline.ts';
import { clientsStateScenarioSchema, type ClientsStateScenario } from './clientsStateScenario.ts';
import { clientsStateTables } from './clientsStateTables.ts';
import { runAccess } from './experiments/accessExperiment.ts';
import { runIdempotency } from './experiments/idempotencyExperiment.ts';
import { runInClass } from './experiments/inClassExperiment.ts';
import { phaseNames, runPolicies } from './experiments/policyExperiment.ts';
import { runStateDesigns } from './experiments/stateDesignExperiment.ts';
import { policyNames } from './middleware/clientPolicies.ts';
import { RunGuard } from './runGuard.ts';

/** Rough durations, for progress and the runner's time limit. */
function partEstimates(scenario: ClientsStateScenario): Record<'access' | 'idempotency' | 'policies' | 'stateDesigns' | 'inClass', number> {
  const { access, idempotency, policies, stateDesigns, inClass } = scenario;
  const expectedRetries = idempotency.calls * (idempotency.replyLoss + idempotency.requestLoss);
  const phaseMs = policies.callsPerPhase * policies.interval + policies.timeout * (policies.retries + 1);
  return {
    access: access.enabled ? 600 + access.calls * 0.2 : 0,
    idempotency: idempotency.enabled ? 2 * (800 + expectedRetries * idempotency.timeout + idempotency.calls) + idempotency.tableLifetime : 0,
    policies: policies.enabled ? policyNames.length * (policies.replicas * 150 + phaseNames.length * phaseMs + policies.crashOutage + policies.allDownOutage) : 0,
    stateDesigns: stateDesigns.enabled ? 3 * (stateDesigns.steady + stateDesigns.downtime + stateDesigns.after + 800) : 0,
    inClass: inClass.enabled ? 1_000 + 2 * inClass.downtime : 0,
  };
}

/**
 * The clients-and-state lab: access transparency through generated stubs, client middleware over
 * seeded unreliable links, idempotency under retries, and stateless, stateful and soft-state
 * servers crashed mid-run — each part on real processes and sockets.
 */
export const clientsStateEngine: Engine<typeof clientsStateScenarioSchema> = {
  name: 'clients-and-state',
  scenarioSchema: clientsStateScenarioSchema,
  charts: clientsStateCharts,
  tables: clientsStateTables,
  headline: clientsStateHeadline,

  estimateDurationMs(scenario) {
    return Object.values(partEstimates(scenario)).reduce((sum, part) => sum + part, 0) + 1_000;
  },

  async run(scenario: ClientsStateScenario, context: EngineContext): Promise<RunMetrics> {
    const guard = new RunGuard(context.signal);
    const estimates = partEstimates(scenario);
    const total = Math.max(1, Object.values(estimates).reduce((sum, part) => sum + part, 0));
    let doneBefore = 0;
    const metrics: RunMetrics = {};
    const part = async (name: keyof typeof estimates, body: (progress: (fraction: number, phase: string) => void) => Promise<Record<string, unknown>>): Promise<void> => {
      if (estimates[name] === 0 || guard.cancelled) return;
      const share = estimates[name] / total;
      const result = await body((fraction, phase) => context.progress({ fraction: doneBefore + share * Math.min(1, fraction), phase }));
      guard.check();
      Object.assign(metrics, result);
      doneBefore += share;
    };

    await part('access', async (progress) => {
      progress(0, 'access transparency: local object and stub');
      const { access, marshalledCall, versionMismatch } = await runAccess(context, guard, scenario.access.calls);
      return { access, marshalledCall, versionMismatch };
    });
    await part('idempotency', async (progress) => {
      const result = await runIdempotency(context, guard, scenario.idempotency, progress);
      return {
        idempotency: { withoutDuplicateTable: result.withoutDuplicateTable, withDuplicateTable: result.withDuplicateTable },
        idempotencyDetails: result.details,
        duplicateTable: result.duplicateTable,
        injectedFaults: result.faults,
      };
    });
    await part('policies', async (progress) => {
      const result = await runPolicies(context, guard, scenario.policies, progress);
      return { policies: result.policies, policyPhases: result.policyPhases, injectedFaults: [...((metrics.injectedFaults as unknown[]) ?? []), ...result.faults] };
    });
    await part('stateDesigns', async (progress) => {
      const result = await runStateDesigns(context, guard, scenario.stateDesigns, progress);
      return { stateDesigns: result.stateDesigns, stateDetails: result.stateDetails };
    });
    await part('inClass', async (progress) => {
      progress(0, 'in-class servers');
      const result = await runInClass(context, guard, scenario.inClass.downtime);
      return { ...result };
    });
    guard.check();
    if (!context.signal.aborted) context.progress({ fraction: 1, phase: 'done' });
    return metrics;
  },
};
