import { XdrReader, XdrWriter } from './xdr.ts';

/** ONC RPC version 2 messages (RFC 5531) with AUTH_NONE answers, and TCP record marking. */

export const rpcVersion = 2;
export const messageType = { call: 0, reply: 1 } as const;
export const authFlavor = { none: 0, sys: 1 } as const;
/** RFC 5531 §9: an opaque_auth body is at most 400 bytes. */
const maximumAuthBytes = 400;

export const acceptStatus = { success: 0, programUnavailable: 1, programMismatch: 2, procedureUnavailable: 3, garbageArguments: 4, systemError: 5 } as const;

export interface RpcCall {
  xid: number;
  program: number;
  version: number;
  procedure: number;
  /** The caller's credential: its flavour and its body, still XDR-encoded (AUTH_SYS names the caller). */
  credential: { flavor: number; body: Buffer };
  /** The procedure's arguments, still XDR-encoded. */
  arguments: XdrReader;
}

export type ParsedCall = { ok: true; call: RpcCall } | { ok: false; xid: number | undefined; rpcVersionMismatch: boolean };

export function parseCall(message: Buffer): ParsedCall {
  const reader = new XdrReader(message);
  let xid: number | undefined;
  try {
    xid = reader.readUnsigned();
    if (reader.readUnsigned() !== messageType.call) return { ok: false, xid: undefined, rpcVersionMismatch: false };
    if (reader.readUnsigned() !== rpcVersion) return { ok: false, xid, rpcVersionMismatch: true };
    const program = reader.readUnsigned();
    const version = reader.readUnsigned();
    const procedure = reader.readUnsigned();
    // Credentials and verifier: accepted whatever the flavour (AUTH_NONE, AUTH_SYS), not checked.
    const credential = { flavor: reader.readUnsigned(), body: reader.readOpaque(maximumAuthBytes) };
    reader.readUnsigned();
    reader.readOpaque(maximumAuthBytes);
    return { ok: true, call: { xid, program, version, procedure, credential, arguments: reader } };
  } catch {
    return { ok: false, xid, rpcVersionMismatch: false };
  }
}

function replyHeader(xid: number): XdrWriter {
  return new XdrWriter().writeUnsigned(xid).writeUnsigned(messageType.reply);
}

/** MSG_ACCEPTED with an AUTH_NONE verifier; `results` follow SUCCESS, the version range PROG_MISMATCH. */
export function acceptedReply(xid: number, status: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const writer = replyHeader(xid).writeUnsigned(0).writeUnsigned(0).writeOpaque(Buffer.alloc(0)).writeUnsigned(status);
  return Buffer.concat([writer.toBuffer(), body]);
}

export function programMismatchReply(xid: number, lowest: number, highest: number): Buffer {
  return acceptedReply(xid, acceptStatus.programMismatch, new XdrWriter().writeUnsigned(lowest).writeUnsigned(highest).toBuffer());
}

/** MSG_DENIED / RPC_MISMATCH: the caller does not speak RPC version 2. */
export function rpcMismatchReply(xid: number): Buffer {
  return replyHeader(xid).writeUnsigned(1).writeUnsigned(0).writeUnsigned(rpcVersion).writeUnsigned(rpcVersion).toBuffer();
}

/** An AUTH_SYS credential (RFC 5531 appendix A): who calls, which a duplicate request table keys on. */
export interface SystemCredential {
  stamp: number;
  machineName: string;
  uid: number;
  gid: number;
}

export function systemCredentialBody(credential: SystemCredential): Buffer {
  return new XdrWriter().writeUnsigned(credential.stamp).writeString(credential.machineName).writeUnsigned(credential.uid).writeUnsigned(credential.gid).writeUnsigned(0).toBuffer();
}

export function parseSystemCredential(body: Buffer): SystemCredential {
  const reader = new XdrReader(body);
  return { stamp: reader.readUnsigned(), machineName: reader.readString(255), uid: reader.readUnsigned(), gid: reader.readUnsigned() };
}

/** The call header up to the arguments, written into `writer` (the arguments follow). */
export function writeCallHeader(writer: XdrWriter, xid: number, program: number, version: number, procedure: number, credential?: SystemCredential): XdrWriter {
  writer.writeUnsigned(xid).writeUnsigned(messageType.call).writeUnsigned(rpcVersion).writeUnsigned(program).writeUnsigned(version).writeUnsigned(procedure);
  if (credential === undefined) writer.writeUnsigned(authFlavor.none).writeOpaque(Buffer.alloc(0));
  else writer.writeUnsigned(authFlavor.sys).writeOpaque(systemCredentialBody(credential));
  return writer.writeUnsigned(authFlavor.none).writeOpaque(Buffer.alloc(0));
}

export function encodeCall(xid: number, program: number, version: number, procedure: number, argumentsBytes: Buffer, credential?: SystemCredential): Buffer {
  return writeCallHeader(new XdrWriter(), xid, program, version, procedure, credential).writeFixedOpaque(argumentsBytes).toBuffer();
}

/** How a reply says the call went, as a stub reports it. */
export type ReplyOutcome =
  | { kind: 'success'; results: XdrReader }
  | { kind: 'programUnavailable' }
  | { kind: 'programMismatch'; lowest: number; highest: number }
  | { kind: 'procedureUnavailable' }
  | { kind: 'garbageArguments' }
  | { kind: 'systemError' }
  | { kind: 'denied'; rpcMismatch: boolean };

/** Reads any reply to the call `expectedXid`; throws only on a message that is not one. */
export function readReply(message: Buffer, expectedXid: number): ReplyOutcome {
  const reader = new XdrReader(message);
  if (reader.readUnsigned() !== expectedXid) throw new Error('reply to another call');
  if (reader.readUnsigned() !== messageType.reply) throw new Error('not a reply');
  if (reader.readUnsigned() !== 0) return { kind: 'denied', rpcMismatch: reader.readUnsigned() === 0 };
  reader.readUnsigned();
  reader.readOpaque(maximumAuthBytes);
  switch (reader.readUnsigned()) {
    case acceptStatus.success:
      return { kind: 'success', results: reader };
    case acceptStatus.programUnavailable:
      return { kind: 'programUnavailable' };
    case acceptStatus.programMismatch:
      return { kind: 'programMismatch', lowest: reader.readUnsigned(), highest: reader.readUnsigned() };
    case acceptStatus.procedureUnavailable:
      return { kind: 'procedureUnavailable' };
    case acceptStatus.garbageArguments:
      return { kind: 'garbageArguments' };
    default:
      return { kind: 'systemError' };
  }
}

/** Reads a reply; returns the results of a SUCCESS, or throws saying why the call failed. */
export function parseReply(message: Buffer, expectedXid: number): XdrReader {
  const reader = new XdrReader(message);
  if (reader.readUnsigned() !== expectedXid) throw new Error('reply to another call');
  if (reader.readUnsigned() !== messageType.reply) throw new Error('not a reply');
  if (reader.readUnsigned() !== 0) throw new Error('call denied (MSG_DENIED)');
  reader.readUnsigned();
  reader.readOpaque(maximumAuthBytes);
  const status = reader.readUnsigned();
  if (status !== acceptStatus.success) throw new Error(`call not executed: accept_stat ${status}`);
  return reader;
}

/** RFC 5531 §11: over TCP each record is fragments, each with a 4-byte header: last-fragment bit, 31-bit length. */
export function recordMark(message: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE((0x80000000 | message.length) >>> 0);
  return Buffer.concat([header, message]);
}

/** Reassembles records from a TCP byte stream; refuses records over `maximumRecordBytes`. */
export class RecordDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private recordLength = 0;
  private readonly maximumRecordBytes: number;

  constructor(maximumRecordBytes: number) {
    this.maximumRecordBytes = maximumRecordBytes;
  }

  /** Returns the records completed by `chunk`; throws when a record is too large. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const records: Buffer[] = [];
    while (this.pending.length >= 4) {
      const header = this.pending.readUInt32BE(0);
      const length = header & 0x7fffffff;
      if (this.recordLength + length > this.maximumRecordBytes) throw new Error(`record of more than ${this.maximumRecordBytes} bytes`);
      if (this.pending.length < 4 + length) break;
      this.fragments.push(this.pending.subarray(4, 4 + length));
      this.recordLength += length;
      this.pending = this.pending.subarray(4 + length);
      if ((header & 0x80000000) !== 0) {
        records.push(Buffer.concat(this.fragments));
        this.fragments = [];
        this.recordLength = 0;
      }
    }
    return records;
  }
}
