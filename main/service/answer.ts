import type { Result } from '../../preload/api.ts';
import { LabContentError } from '../lab/labCatalog.ts';
import { debugLog } from '../platform/debugLog.ts';
import { RunBusyError } from '../runs/runController.ts';
import { InvalidArgument, invalidArgumentError } from './argumentChecks.ts';
import { ServiceError } from './serviceError.ts';

/** Runs one contract call and answers a value: errors cross the boundary as `{code, message}`. */
export async function answer<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof InvalidArgument) return { ok: false, error: invalidArgumentError(error) };
    if (error instanceof ServiceError) return { ok: false, error: { code: error.code, message: error.message } };
    if (error instanceof RunBusyError) return { ok: false, error: { code: 'conflict', message: error.message } };
    // A lab pack (or the lab in it) that cannot be installed: its problems, file:line:col.
    if (error instanceof LabContentError) return { ok: false, error: { code: 'invalid-argument', message: error.message } };
    debugLog(error);
    return { ok: false, error: { code: 'internal', message: `proclab hit an internal error: ${error instanceof Error ? error.message : String(error)}` } };
  }
}
