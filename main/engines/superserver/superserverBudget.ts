import type { RunBudget } from '../engine.ts';
import type { SuperserverScenario } from './superserverScenario.ts';

/** Resident memory of one echo handler (a Node runtime), measured at about 43 MiB here. */
const handlerBytes = 48 * 1024 ** 2;
/** A handler lives this long beyond the client's hold: starting up, answering, exiting. */
const handlerLifetimeMs = 150;
/** The always-running server and the socket keeper's share, and proclab's own run bookkeeping. */
const fixedBytes = 128 * 1024 ** 2;

/**
 * The most handlers a run keeps alive at once: the burst's clients that overlap (each holds its
 * connection, and so its handler, for `hold`), at most `instances` of them when that is set. The
 * comparison phase has one at a time.
 */
export function superserverBudget(scenario: SuperserverScenario): RunBudget {
  const { clients, spacing, hold } = scenario.burst;
  const overlapping = Math.min(clients, Math.ceil((hold + handlerLifetimeMs) / spacing) + 1);
  const { instances } = scenario.limits;
  const handlers = Math.max(1, instances > 0 ? Math.min(instances, overlapping) : overlapping);
  const liveProcesses = handlers + 1;
  const limited = instances > 0 && instances < overlapping;
  return {
    liveProcesses,
    memoryBytes: handlers * handlerBytes + fixedBytes,
    path: limited ? 'limits.instances' : 'burst.clients',
    reason: limited
      ? `limits.instances ${instances} handlers and the always-running server`
      : `burst.clients ${clients} arriving every ${spacing} ms and holding ${hold} ms overlap as ${handlers} handlers${instances > 0 ? ` within limits.instances ${instances}` : ' (limits.instances 0: no limit)'}, and the always-running server`,
  };
}
