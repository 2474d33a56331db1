import type { Result } from '../../preload/api.ts';
import type { LabApiMethod } from '../../common/labApiMethods.ts';
import type { LabConnection } from './labConnection.ts';

interface MethodRoute {
  /** How many arguments the method takes at most; more is a hostile or broken caller. */
  arity: number;
  call(connection: LabConnection, args: unknown[]): Promise<Result<unknown>>;
}

/**
 * Every contract method by name, as a transport carries it (IPC channels, WebSocket messages).
 * Each entry is one named method; the service validates the arguments themselves.
 */
export const labMethodTable: Record<LabApiMethod, MethodRoute> = {
  listLabs: { arity: 0, call: ({ service }) => service.listLabs() },
  getLab: { arity: 1, call: ({ service }, [labId]) => service.getLab(labId) },
  validateScenario: { arity: 2, call: ({ service }, [labId, text]) => service.validateScenario(labId, text) },
  startRun: { arity: 1, call: ({ service }, [request]) => service.startRun(request) },
  cancelRun: { arity: 1, call: ({ service }, [runId]) => service.cancelRun(runId) },
  watchRun: { arity: 1, call: (connection, [runId]) => connection.watchRun(runId) },
  unwatchRun: { arity: 1, call: (connection, [watchId]) => connection.unwatchRun(watchId) },
  listRuns: { arity: 1, call: ({ service }, [filter]) => service.listRuns(filter) },
  getRun: { arity: 1, call: ({ service }, [runId]) => service.getRun(runId) },
  deleteRun: { arity: 1, call: ({ service }, [runId]) => service.deleteRun(runId) },
  exportReport: { arity: 2, call: ({ service }, [runId, language]) => service.exportReport(runId, language) },
  exportHandinReport: { arity: 3, call: ({ service }, [labId, runIds, language]) => service.exportHandinReport(labId, runIds, language) },
  getVariant: { arity: 2, call: ({ service }, [labId, studentId]) => service.getVariant(labId, studentId) },
  saveAnswer: { arity: 3, call: ({ service }, [runId, questionId, markdown]) => service.saveAnswer(runId, questionId, markdown) },
  importLabPack: { arity: 1, call: ({ service }, [packText]) => service.importLabPack(packText) },
};
