import type { LabError } from '../../preload/api.ts';

/** An error that already speaks to the user; it crosses the boundary as it is. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly code: LabError['code'];
  constructor(code: LabError['code'], message: string) {
    super(message);
    this.code = code;
  }
}
