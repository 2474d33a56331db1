import type { LabApi, RunStatus } from '../preload/api.ts';

/** The contract's methods by name, for faces that route calls by name (IPC, WebSocket). */
export const labApiMethods = [
  'listLabs',
  'getLab',
  'validateScenario',
  'startRun',
  'cancelRun',
  'watchRun',
  'listRuns',
  'getRun',
  'deleteRun',
  'exportReport',
  'getVariant',
  'saveAnswer',
  'importLabPack',
] as const satisfies readonly (keyof LabApi)[];

export type LabApiMethod = (typeof labApiMethods)[number];

export const finishedStatuses: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export function isFinished(status: RunStatus): boolean {
  return finishedStatuses.includes(status);
}
