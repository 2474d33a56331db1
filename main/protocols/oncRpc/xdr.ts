/**
 * XDR (RFC 4506), the little of it ONC RPC and the port mapper need: 32-bit unsigned integers,
 * booleans and variable-length opaque data padded to a multiple of four bytes.
 */

export class XdrError extends Error {
  override readonly name = 'XdrError';
}

export class XdrReader {
  private readonly bytes: Buffer;
  private offset = 0;

  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  readUnsigned(): number {
    if (this.remaining < 4) throw new XdrError(`expected 4 more bytes at offset ${this.offset}, message has ${this.bytes.length}`);
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  readOpaque(maximumLength: number): Buffer {
    const length = this.readUnsigned();
    if (length > maximumLength) throw new XdrError(`opaque of ${length} bytes exceeds its limit of ${maximumLength}`);
    const padded = Math.ceil(length / 4) * 4;
    if (this.remaining < padded) throw new XdrError(`opaque of ${length} bytes runs past the end of the message`);
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += padded;
    return value;
  }
}

export class XdrWriter {
  private readonly parts: Buffer[] = [];

  writeUnsigned(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value >>> 0);
    this.parts.push(bytes);
    return this;
  }

  writeBoolean(value: boolean): this {
    return this.writeUnsigned(value ? 1 : 0);
  }

  writeOpaque(value: Buffer): this {
    this.writeUnsigned(value.length);
    this.parts.push(value, Buffer.alloc((4 - (value.length % 4)) % 4));
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}
