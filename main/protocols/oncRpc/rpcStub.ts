// Client stubs generated from an interface: one method per procedure, named in camelCase (ADD →
// add, READ_BLOCK → readBlock), that marshals its arguments into an ONC RPC call (a fresh request
// id, the program and its version, the caller's credential), hands the message to an invoker —
// the client middleware, which decides how it travels — and unmarshals the reply. The caller sees
// an ordinary asynchronous method: access transparency.
import { findVersion, type InterfaceDefinition, type ProcedureDefinition } from './interfaceLanguage.ts';
import { readReply, writeCallHeader, type SystemCredential } from './oncRpcMessages.ts';
import { RpcRejectedError } from './rpcErrors.ts';
import { CodecBuilder, type Codec, type MarshallingTrace } from './xdrCodec.ts';
import { XdrWriter } from './xdr.ts';

/** One marshalled call, as the middleware gets it; a retry sends the same message (same xid). */
export interface RpcCallRequest {
  xid: number;
  program: number;
  version: number;
  procedure: ProcedureDefinition;
  /** The whole call message, header and arguments, without TCP record marking. */
  message: Buffer;
}

/** Delivers a call and resolves with the reply message. */
export type RpcInvoker = (call: RpcCallRequest) => Promise<Buffer>;

export interface StubOptions {
  credential?: SystemCredential;
  /** The first request id; each call takes the next. A random start keeps restarted clients apart. */
  firstXid?: number;
}

/** `READ_BLOCK` → `readBlock`. */
export function methodName(procedureName: string): string {
  const words = procedureName.toLowerCase().split('_').filter((word) => word !== '');
  return words.map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
}

export interface CompiledProcedure {
  procedure: ProcedureDefinition;
  method: string;
  parameters: { name: string; codec: Codec }[];
  result: Codec;
}

/** The codecs of one program version's procedures, shared by its stubs and its skeleton. */
export function compileVersion(definition: InterfaceDefinition, programName: string, versionNumber: number): { programNumber: number; versionNumber: number; procedures: CompiledProcedure[] } {
  const { program, version } = findVersion(definition, programName, versionNumber);
  const builder = new CodecBuilder(definition);
  const procedures = version.procedures.map((procedure) => ({
    procedure,
    method: methodName(procedure.name),
    parameters: procedure.parameters.map((parameter) => ({ name: parameter.name, codec: builder.codecOf(parameter.type) })),
    result: builder.codecOf(procedure.result),
  }));
  const methods = new Set<string>();
  for (const compiled of procedures) {
    if (methods.has(compiled.method)) throw new Error(`two procedures of ${programName} version ${versionNumber} become the method ${compiled.method}`);
    methods.add(compiled.method);
  }
  return { programNumber: program.number, versionNumber: version.number, procedures };
}

export interface MarshalledCall {
  xid: number;
  message: Buffer;
  /** Every primitive written, in order: the header's fields and then the arguments'. */
  layout: { field: string; offset: number; length: number; type: string; value: string }[];
}

export interface ClientStub<Methods> {
  readonly methods: Methods;
  readonly programNumber: number;
  readonly versionNumber: number;
  /** Marshals a call without sending it, with the layout of its bytes (what the lab shows). */
  marshal(procedureName: string, argumentValues: readonly unknown[]): MarshalledCall;
}

/**
 * Generates the client stub of one version of a program. `Methods` is the shape the caller
 * expects (a local object of the same shape can stand in for it); the stub checks every argument
 * against the interface, so a wrong one fails before anything is sent.
 */
export function generateClientStub<Methods = Record<string, (...argumentValues: unknown[]) => Promise<unknown>>>(definition: InterfaceDefinition, programName: string, versionNumber: number, invoker: RpcInvoker, options: StubOptions = {}): ClientStub<Methods> {
  const compiled = compileVersion(definition, programName, versionNumber);
  let nextXid = (options.firstXid ?? Math.floor(Math.random() * 0x7fffffff)) >>> 0;
  const takeXid = (): number => {
    const xid = nextXid;
    nextXid = (nextXid + 1) >>> 0;
    return xid;
  };

  const marshal = (entry: CompiledProcedure, argumentValues: readonly unknown[], xid: number, trace?: MarshallingTrace): Buffer => {
    const where = `${programName}.${entry.procedure.name}`;
    if (argumentValues.length !== entry.parameters.length) {
      throw new RangeError(`${where} takes ${entry.parameters.length} argument(s) (${entry.parameters.map((parameter) => `${parameter.codec.text} ${parameter.name}`).join(', ') || 'void'}), not ${argumentValues.length}`);
    }
    const writer = new XdrWriter();
    writeCallHeader(writer, xid, compiled.programNumber, compiled.versionNumber, entry.procedure.number, options.credential);
    if (trace !== undefined) headerLayout(trace, xid, compiled.programNumber, compiled.versionNumber, entry.procedure, writer.byteLength, options.credential);
    entry.parameters.forEach((parameter, index) => parameter.codec.encode(writer, argumentValues[index], `${where}.${parameter.name}`, trace));
    return writer.toBuffer();
  };

  const methods: Record<string, (...argumentValues: unknown[]) => Promise<unknown>> = {};
  for (const entry of compiled.procedures) {
    methods[entry.method] = async (...argumentValues: unknown[]): Promise<unknown> => {
      const xid = takeXid();
      const message = marshal(entry, argumentValues, xid);
      const reply = await invoker({ xid, program: compiled.programNumber, version: compiled.versionNumber, procedure: entry.procedure, message });
      return unmarshalReply(reply, xid, entry, `${programName}.${entry.procedure.name}`);
    };
  }

  return {
    methods: methods as Methods,
    programNumber: compiled.programNumber,
    versionNumber: compiled.versionNumber,
    marshal(procedureName, argumentValues) {
      const entry = compiled.procedures.find((candidate) => candidate.procedure.name === procedureName || candidate.method === procedureName);
      if (entry === undefined) throw new Error(`${programName} version ${versionNumber} has no procedure ${procedureName}`);
      const layout: MarshalledCall['layout'] = [];
      const xid = takeXid();
      const message = marshal(entry, argumentValues, xid, (field, start, end, type, value) => layout.push({ field, offset: start, length: end - start, type, value }));
      return { xid, message, layout };
    },
  };
}

function unmarshalReply(reply: Buffer, xid: number, entry: CompiledProcedure, where: string): unknown {
  const outcome = readReply(reply, xid);
  switch (outcome.kind) {
    case 'success':
      return entry.result.decode(outcome.results, `${where} result`);
    case 'programMismatch':
      throw new RpcRejectedError(`${where}: the server does not run this version of the program (it runs versions ${outcome.lowest} to ${outcome.highest})`, 'programMismatch', { lowest: outcome.lowest, highest: outcome.highest });
    case 'programUnavailable':
      throw new RpcRejectedError(`${where}: the server does not run this program`, 'programUnavailable');
    case 'procedureUnavailable':
      throw new RpcRejectedError(`${where}: the server does not offer this procedure`, 'procedureUnavailable');
    case 'garbageArguments':
      throw new RpcRejectedError(`${where}: the server could not decode the arguments`, 'garbageArguments');
    case 'systemError':
      throw new RpcRejectedError(`${where}: the server failed while running the procedure`, 'systemError');
    case 'denied':
      throw new RpcRejectedError(`${where}: the server refused the call (${outcome.rpcMismatch ? 'RPC version mismatch' : 'authentication'})`, 'denied');
  }
}

/** The header fields of a call message, where `writeCallHeader` puts them. */
function headerLayout(trace: MarshallingTrace, xid: number, program: number, version: number, procedure: ProcedureDefinition, headerBytes: number, credential: SystemCredential | undefined): void {
  const fields: [string, string][] = [
    ['xid (request id)', String(xid)],
    ['message type', '0 (CALL)'],
    ['RPC version', '2'],
    ['program', `${program} (0x${program.toString(16)})`],
    ['program version', String(version)],
    ['procedure', `${procedure.number} (${procedure.name})`],
    ['credential flavour', credential === undefined ? '0 (AUTH_NONE)' : '1 (AUTH_SYS)'],
  ];
  fields.forEach(([field, value], index) => trace(field, index * 4, index * 4 + 4, 'unsigned int', value));
  const credentialStart = fields.length * 4;
  const verifierStart = headerBytes - 8;
  trace('credential length', credentialStart, credentialStart + 4, 'unsigned int', String(verifierStart - credentialStart - 4));
  if (credential !== undefined) trace('credential (stamp, machine name, uid, gid, gids)', credentialStart + 4, verifierStart, 'opaque', `stamp ${credential.stamp}, ${credential.machineName}, uid ${credential.uid}, gid ${credential.gid}`);
  trace('verifier flavour', verifierStart, verifierStart + 4, 'unsigned int', '0 (AUTH_NONE)');
  trace('verifier length', verifierStart + 4, verifierStart + 8, 'unsigned int', '0');
}
