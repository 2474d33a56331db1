// One signal for a part of the run: aborted when the user cancels or when something fails that
// the experiment did not do itself (a server that died unasked), so every wait ends at once.
import { EngineFailure } from '../engine.ts';

export class RunGuard {
  private readonly controller = new AbortController();
  private failure: EngineFailure | undefined;
  readonly signal: AbortSignal;

  constructor(cancel: AbortSignal) {
    this.signal = AbortSignal.any([cancel, this.controller.signal]);
  }

  get cancelled(): boolean {
    return this.signal.aborted;
  }

  fail(failure: EngineFailure): void {
    this.failure ??= failure;
    this.controller.abort();
  }

  /** Throws the failure, if one happened. */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
