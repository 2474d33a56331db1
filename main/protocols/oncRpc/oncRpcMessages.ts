import { XdrReader, XdrWriter } from './xdr.ts';

/** ONC RPC version 2 messages (RFC 5531) with AUTH_NONE answers, and TCP record marking. */

export const rpcVersion = 2;
const messageType = { call: 0, reply: 1 } as const;
/** RFC 5531 §9: an opaque_auth body is at most 400 bytes. */
const maximumAuthBytes = 400;

export const acceptStatus = { success: 0, programUnavailable: 1, programMismatch: 2, procedureUnavailable: 3, garbageArguments: 4, systemError: 5 } as const;

export interface RpcCall {
  xid: number;
  program: number;
  version: number;
  procedure: number;
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
    reader.readUnsigned();
    reader.readOpaque(maximumAuthBytes);
    reader.readUnsigned();
    reader.readOpaque(maximumAuthBytes);
    return { ok: true, call: { xid, program, version, procedure, arguments: reader } };
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

export function encodeCall(xid: number, program: number, version: number, procedure: number, argumentsBytes: Buffer): Buffer {
  const header = new XdrWriter()
    .writeUnsigned(xid)
    .writeUnsigned(messageType.call)
    .writeUnsigned(rpcVersion)
    .writeUnsigned(program)
    .writeUnsigned(version)
    .writeUnsigned(procedure)
    .writeUnsigned(0)
    .writeOpaque(Buffer.alloc(0))
    .writeUnsigned(0)
    .writeOpaque(Buffer.alloc(0));
  return Buffer.concat([header.toBuffer(), argumentsBytes]);
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
