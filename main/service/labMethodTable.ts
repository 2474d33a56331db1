import type { Result } from '../../preload/api.ts';
import type { LabApiMethod } from '../../common/labApiMethods.ts';
import type { LabService } from './labService.ts';

type RoutedMethod = Exclude<LabApiMethod, 'watchRun'>;

interface MethodRoute {
  /** How many arguments the method takes at most; more is a hostile or broken caller. */
  arity: number;
  call(service: LabService, args: unknown[]): Promise<Result<unknown>>;
}

/**
 * The contract's request/response methods by name, for faces whose transport names the method
 * (IPC channels, WebSocket messages). Each entry is one named method; the service validates
 * the arguments themselves. `watchRun` streams events and is wired by each face.
 */
export const labMethodTable: Record<RoutedMethod, MethodRoute> = {
  listLabs: { arity: 0, call: (service) => service.listLabs() },
  getLab: { arity: 1, call: (service, [labId]) => service.getLab(labId) },
  validateScenario: { arity: 2, call: (service, [labId, text]) => service.validateScenario(labId, text) },
  startRun: { arity: 1, call: (service, [request]) => service.startRun(request) },
  cancelRun: { arity: 1, call: (service, [runId]) => service.cancelRun(runId) },
  listRuns: { arity: 1, call: (service, [filter]) => service.listRuns(filter) },
  getRun: { arity: 1, call: (service, [runId]) => service.getRun(runId) },
  deleteRun: { arity: 1, call: (service, [runId]) => service.deleteRun(runId) },
  exportReport: { arity: 2, call: (service, [runId, language]) => service.exportReport(runId, language) },
  getVariant: { arity: 2, call: (service, [labId, studentId]) => service.getVariant(labId, studentId) },
  saveAnswer: { arity: 3, call: (service, [runId, questionId, markdown]) => service.saveAnswer(runId, questionId, markdown) },
  importLabPack: { arity: 1, call: (service, [packText]) => service.importLabPack(packText) },
};

export function isRoutedMethod(name: unknown): name is RoutedMethod {
  return typeof name === 'string' && Object.hasOwn(labMethodTable, name);
}

export function callRoutedMethod(service: LabService, method: RoutedMethod, args: unknown): Promise<Result<unknown>> {
  const route = labMethodTable[method];
  if (!Array.isArray(args) || args.length > route.arity) {
    return Promise.resolve({ ok: false, error: { code: 'invalid-argument', message: `${method} takes at most ${route.arity} argument(s)` } });
  }
  return route.call(service, args);
}
