import type { LabTransportApi, RunStatus } from '../preload/api.ts';

/**
 * The contract's methods by name, as a transport carries them (IPC channels, WebSocket calls).
 * Faces route calls by this list, and the page-side proxies are built from it.
 */
export const labApiMethods = [
  'listLabs',
  'getLab',
  'validateScenario',
  'startRun',
  'cancelRun',
  'watchRun',
  'unwatchRun',
  'listRuns',
  'getRun',
  'deleteRun',
  'exportReport',
  'exportHandinReport',
  'getVariant',
  'saveAnswer',
  'importLabPack',
] as const satisfies readonly (keyof LabTransportApi)[];

export type LabApiMethod = (typeof labApiMethods)[number];

// A contract method missing from the list fails the type check here.
const everyMethodListed: Exclude<keyof LabTransportApi, LabApiMethod> extends never ? true : never = true;
void everyMethodListed;

export function isLabApiMethod(name: unknown): name is LabApiMethod {
  return typeof name === 'string' && (labApiMethods as readonly string[]).includes(name);
}

export const finishedStatuses: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export function isFinished(status: RunStatus): boolean {
  return finishedStatuses.includes(status);
}
