// Server skeletons generated from an interface: they unmarshal a call, check its program, version
// and procedure, run the implementation's method of the same name and marshal its result into
// the reply — or answer as ONC RPC says when they cannot (PROG_UNAVAIL, PROG_MISMATCH with the
// versions served, PROC_UNAVAIL, GARBAGE_ARGS, SYSTEM_ERR). With a duplicate request table, a
// retransmitted call (same caller, same request id) is answered from it, not run again.
import type { InterfaceDefinition } from './interfaceLanguage.ts';
import { acceptStatus, acceptedReply, parseCall, parseSystemCredential, programMismatchReply, rpcMismatchReply, authFlavor, type SystemCredential } from './oncRpcMessages.ts';
import { compileVersion, type CompiledProcedure } from './rpcStub.ts';
import type { DuplicateRequestTable } from './duplicateRequestTable.ts';
import { XdrWriter } from './xdr.ts';

/** What a method learns about the call besides its arguments. */
export interface CallContext<Connection = unknown> {
  xid: number;
  /** The AUTH_SYS credential, when the caller sent one. */
  credential: SystemCredential | undefined;
  /** Names the caller: its credential's machine name and stamp, else its address. */
  callerKey: string;
  /** The connection the call came on (a server may call the client back on it). */
  connection: Connection;
}

/** An implementation: one method per procedure (camelCase), taking the arguments and then the call's context. */
export type Implementation = Record<string, (...argumentValues: any[]) => unknown>;

export interface ServedVersion {
  program: string;
  version: number;
  implementation: Implementation;
}

export interface SkeletonStatistics {
  calls: number;
  /** Calls whose method ran (a call answered from the duplicate table did not). */
  executed: number;
  rejected: number;
}

export interface ServerSkeleton<Connection = unknown> {
  /** The reply to one call message, or undefined when none is due (a message that is not a call). */
  answer(message: Buffer, connection: Connection, callerAddress: string): Promise<Buffer | undefined>;
  readonly statistics: SkeletonStatistics;
}

interface ServedProgram {
  versions: Map<number, { procedures: Map<number, CompiledProcedure>; implementation: Implementation }>;
  lowest: number;
  highest: number;
}

export function generateServerSkeleton<Connection = unknown>(definition: InterfaceDefinition, served: readonly ServedVersion[], options: { duplicateTable?: DuplicateRequestTable; onError?: (error: unknown) => void } = {}): ServerSkeleton<Connection> {
  const programs = new Map<number, ServedProgram>();
  for (const { program, version, implementation } of served) {
    const compiled = compileVersion(definition, program, version);
    for (const entry of compiled.procedures) {
      if (entry.procedure.number !== 0 && typeof implementation[entry.method] !== 'function') throw new Error(`the implementation of ${program} version ${version} has no method ${entry.method} for procedure ${entry.procedure.name}`);
    }
    const servedProgram = programs.get(compiled.programNumber) ?? { versions: new Map(), lowest: compiled.versionNumber, highest: compiled.versionNumber };
    servedProgram.versions.set(compiled.versionNumber, { procedures: new Map(compiled.procedures.map((entry) => [entry.procedure.number, entry])), implementation });
    servedProgram.lowest = Math.min(servedProgram.lowest, compiled.versionNumber);
    servedProgram.highest = Math.max(servedProgram.highest, compiled.versionNumber);
    programs.set(compiled.programNumber, servedProgram);
  }
  const statistics: SkeletonStatistics = { calls: 0, executed: 0, rejected: 0 };
  const table = options.duplicateTable;

  return {
    statistics,
    async answer(message, connection, callerAddress) {
      const parsed = parseCall(message);
      if (!parsed.ok) {
        if (parsed.xid === undefined) return undefined;
        statistics.rejected += 1;
        return parsed.rpcVersionMismatch ? rpcMismatchReply(parsed.xid) : acceptedReply(parsed.xid, acceptStatus.garbageArguments);
      }
      const { call } = parsed;
      statistics.calls += 1;
      const program = programs.get(call.program);
      if (program === undefined) {
        statistics.rejected += 1;
        return acceptedReply(call.xid, acceptStatus.programUnavailable);
      }
      const version = program.versions.get(call.version);
      if (version === undefined) {
        statistics.rejected += 1;
        return programMismatchReply(call.xid, program.lowest, program.highest);
      }
      // Every program answers its NULL procedure, declared or not (rpcinfo pings it).
      if (call.procedure === 0) return acceptedReply(call.xid, acceptStatus.success);
      const entry = version.procedures.get(call.procedure);
      if (entry === undefined) {
        statistics.rejected += 1;
        return acceptedReply(call.xid, acceptStatus.procedureUnavailable);
      }
      let credential: SystemCredential | undefined;
      try {
        credential = call.credential.flavor === authFlavor.sys ? parseSystemCredential(call.credential.body) : undefined;
      } catch {
        credential = undefined;
      }
      const callerKey = credential === undefined ? callerAddress : `${credential.machineName}/${credential.stamp}`;
      let argumentValues: unknown[];
      try {
        argumentValues = entry.parameters.map((parameter) => parameter.codec.decode(call.arguments, parameter.name));
      } catch {
        statistics.rejected += 1;
        return acceptedReply(call.xid, acceptStatus.garbageArguments);
      }
      // Only a caller that names itself can be recognised when it sends the same request again.
      const tableKey = table !== undefined && credential !== undefined ? `${callerKey}/${call.program}/${call.version}/${call.procedure}/${call.xid}` : undefined;
      if (tableKey !== undefined) {
        const seen = table!.begin(tableKey);
        if (seen.state !== 'new') return seen.reply;
      }
      try {
        statistics.executed += 1;
        const context: CallContext<Connection> = { xid: call.xid, credential, callerKey, connection };
        const result = await version.implementation[entry.method]!(...argumentValues, context);
        const writer = new XdrWriter();
        entry.result.encode(writer, result, `${entry.procedure.name} result`);
        const reply = acceptedReply(call.xid, acceptStatus.success, writer.toBuffer());
        if (tableKey !== undefined) table!.finish(tableKey, reply);
        return reply;
      } catch (error) {
        if (tableKey !== undefined) table!.abandon(tableKey);
        options.onError?.(error);
        return acceptedReply(call.xid, acceptStatus.systemError);
      }
    },
  };
}
