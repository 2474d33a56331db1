/**
 * XDR (RFC 4506), the part ONC RPC, the port mapper and proclab's generated stubs use: 32-bit
 * signed and unsigned integers, 64-bit hypers, booleans, strings and opaque data (fixed or
 * variable length), everything padded to a multiple of four bytes.
 */

export class XdrError extends Error {
  override readonly name = 'XdrError';
}

const twoTo32 = 2 ** 32;

export class XdrReader {
  private readonly bytes: Buffer;
  private offset = 0;

  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Where the next value starts, counted from the start of the message. */
  get position(): number {
    return this.offset;
  }

  private need(count: number, what: string): void {
    if (this.remaining < count) throw new XdrError(`expected ${what} (${count} bytes) at offset ${this.offset}, message has ${this.bytes.length}`);
  }

  readUnsigned(): number {
    this.need(4, 'an unsigned int');
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  readInteger(): number {
    this.need(4, 'an int');
    const value = this.bytes.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A hyper as a JavaScript number; one beyond ±2^53 cannot be read exactly and is refused. */
  readHyper(signed: boolean): number {
    this.need(8, 'a hyper');
    const high = signed ? this.bytes.readInt32BE(this.offset) : this.bytes.readUInt32BE(this.offset);
    const low = this.bytes.readUInt32BE(this.offset + 4);
    const value = high * twoTo32 + low;
    if (!Number.isSafeInteger(value)) throw new XdrError(`hyper at offset ${this.offset} is beyond 2^53, which a JavaScript number cannot hold exactly`);
    this.offset += 8;
    return value;
  }

  readBoolean(): boolean {
    const value = this.readUnsigned();
    if (value > 1) throw new XdrError(`bool at offset ${this.offset - 4} is ${value}, not 0 or 1`);
    return value === 1;
  }

  readOpaque(maximumLength: number): Buffer {
    const length = this.readUnsigned();
    if (length > maximumLength) throw new XdrError(`opaque of ${length} bytes exceeds its limit of ${maximumLength}`);
    return this.readFixedOpaque(length);
  }

  readFixedOpaque(length: number): Buffer {
    const padded = Math.ceil(length / 4) * 4;
    if (this.remaining < padded) throw new XdrError(`opaque of ${length} bytes runs past the end of the message`);
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += padded;
    return value;
  }

  readString(maximumLength: number): string {
    return this.readOpaque(maximumLength).toString('utf8');
  }
}

/** Writes into one growing buffer: a call is a few dozen small fields, so no buffer per field. */
export class XdrWriter {
  private bytes = Buffer.allocUnsafe(128);
  private length = 0;

  private reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + count));
    this.bytes.copy(larger, 0, 0, this.length);
    this.bytes = larger;
  }

  writeUnsigned(value: number): this {
    this.reserve(4);
    this.bytes.writeUInt32BE(value >>> 0, this.length);
    this.length += 4;
    return this;
  }

  writeInteger(value: number): this {
    this.reserve(4);
    this.bytes.writeInt32BE(value | 0, this.length);
    this.length += 4;
    return this;
  }

  writeHyper(value: number): this {
    this.reserve(8);
    const high = Math.floor(value / twoTo32);
    const low = value - high * twoTo32;
    this.bytes.writeInt32BE(high | 0, this.length);
    this.bytes.writeUInt32BE(low >>> 0, this.length + 4);
    this.length += 8;
    return this;
  }

  writeBoolean(value: boolean): this {
    return this.writeUnsigned(value ? 1 : 0);
  }

  writeOpaque(value: Uint8Array): this {
    this.writeUnsigned(value.length);
    return this.writeFixedOpaque(value);
  }

  writeFixedOpaque(value: Uint8Array): this {
    const padding = (4 - (value.length % 4)) % 4;
    this.reserve(value.length + padding);
    this.bytes.set(value, this.length);
    this.bytes.fill(0, this.length + value.length, this.length + value.length + padding);
    this.length += value.length + padding;
    return this;
  }

  writeString(value: string): this {
    return this.writeOpaque(Buffer.from(value, 'utf8'));
  }

  get byteLength(): number {
    return this.length;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.length));
  }
}
