// How a remote call can fail, as a stub and its middleware tell them apart: no answer in time,
// the connection would not open or broke, or the server answered that it would not run the call.

/** No reply within the time allowed: the request, the reply or the server may be lost. */
export class RpcTimeoutError extends Error {
  override readonly name = 'RpcTimeoutError';
}

/** The connection was refused, reset or closed before the reply came. */
export class RpcConnectionError extends Error {
  override readonly name = 'RpcConnectionError';
  /** ECONNREFUSED, ECONNRESET, EPIPE, or `closed` (an orderly close before the reply). */
  readonly code: string;

  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

export type RejectionKind = 'programUnavailable' | 'programMismatch' | 'procedureUnavailable' | 'garbageArguments' | 'systemError' | 'denied';

/** The server answered but did not run the procedure (ONC RPC's accept_stat / MSG_DENIED). */
export class RpcRejectedError extends Error {
  override readonly name = 'RpcRejectedError';
  readonly kind: RejectionKind;
  /** PROG_MISMATCH: the versions the server runs. */
  readonly versions: { lowest: number; highest: number } | undefined;

  constructor(message: string, kind: RejectionKind, versions?: { lowest: number; highest: number }) {
    super(message);
    this.kind = kind;
    this.versions = versions;
  }
}

/** True for failures a retry may cure: the call may not have been received, or its reply was lost. */
export function isTransportFailure(error: unknown): boolean {
  return error instanceof RpcTimeoutError || error instanceof RpcConnectionError;
}
