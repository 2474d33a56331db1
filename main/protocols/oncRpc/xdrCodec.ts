// Marshalling generated from an interface's types: each XDR type becomes an encoder that checks
// the JavaScript value it is given and a decoder that reads it back. Values: numbers for int,
// unsigned, hyper (within ±2^53); booleans; strings; Buffers for opaque data; arrays; plain
// objects for structs; an enum is the name of its member.
import type { InterfaceDefinition, XdrType } from './interfaceLanguage.ts';
import { XdrError, XdrReader, XdrWriter } from './xdr.ts';

/** A value that does not fit its declared type, said with where it is (`ADD.amount`). */
export class MarshallingError extends Error {
  override readonly name = 'MarshallingError';
}

/** Told of every primitive a call writes: where it lies in the message and what it is. */
export type MarshallingTrace = (field: string, startOffset: number, endOffset: number, type: string, value: string) => void;

export interface Codec {
  encode(writer: XdrWriter, value: unknown, path: string, trace?: MarshallingTrace): void;
  decode(reader: XdrReader, path: string): unknown;
  /** The type as the interface writes it: `hyper`, `string<64>`, `reading`. */
  readonly text: string;
}

const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Buffer.isBuffer(value)) return `${value.length} bytes`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
};

function integerCodec(text: string, minimum: number, maximum: number, write: (writer: XdrWriter, value: number) => void, read: (reader: XdrReader) => number, size: number): Codec {
  return {
    text,
    encode(writer, value, path, trace) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
        throw new MarshallingError(`${path} must be ${text === 'int' || text === 'unsigned int' ? 'an' : 'a'} ${text} (a whole number from ${minimum} to ${maximum}), not ${describeValue(value)}`);
      }
      const start = writer.byteLength;
      write(writer, value);
      trace?.(path, start, start + size, text, String(value));
    },
    decode: read,
  };
}

const intCodec = integerCodec('int', -(2 ** 31), 2 ** 31 - 1, (writer, value) => writer.writeInteger(value), (reader) => reader.readInteger(), 4);
const unsignedCodec = integerCodec('unsigned int', 0, 2 ** 32 - 1, (writer, value) => writer.writeUnsigned(value), (reader) => reader.readUnsigned(), 4);
const hyperCodec = integerCodec('hyper', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, (writer, value) => writer.writeHyper(value), (reader) => reader.readHyper(true), 8);
const unsignedHyperCodec = integerCodec('unsigned hyper', 0, Number.MAX_SAFE_INTEGER, (writer, value) => writer.writeHyper(value), (reader) => reader.readHyper(false), 8);

const boolCodec: Codec = {
  text: 'bool',
  encode(writer, value, path, trace) {
    if (typeof value !== 'boolean') throw new MarshallingError(`${path} must be a bool (true or false), not ${describeValue(value)}`);
    const start = writer.byteLength;
    writer.writeBoolean(value);
    trace?.(path, start, start + 4, 'bool', String(value));
  },
  decode: (reader) => reader.readBoolean(),
};

const voidCodec: Codec = {
  text: 'void',
  encode(_writer, value, path) {
    if (value !== undefined && value !== null) throw new MarshallingError(`${path} is void and takes no value, not ${describeValue(value)}`);
  },
  decode: () => undefined,
};

const padded = (length: number): number => Math.ceil(length / 4) * 4;

function stringCodec(maximum: number): Codec {
  return {
    text: `string<${maximum}>`,
    encode(writer, value, path, trace) {
      if (typeof value !== 'string') throw new MarshallingError(`${path} must be a string, not ${describeValue(value)}`);
      const bytes = Buffer.from(value, 'utf8');
      if (bytes.length > maximum) throw new MarshallingError(`${path} is ${bytes.length} bytes long; its interface allows at most ${maximum}`);
      const start = writer.byteLength;
      writer.writeOpaque(bytes);
      trace?.(`${path} (length)`, start, start + 4, 'unsigned int', String(bytes.length));
      if (bytes.length > 0) trace?.(path, start + 4, start + 4 + padded(bytes.length), `string<${maximum}>`, JSON.stringify(value));
    },
    decode: (reader) => reader.readString(maximum),
  };
}

function opaqueCodec(maximum: number | undefined, fixedLength: number | undefined): Codec {
  const text = fixedLength === undefined ? `opaque<${maximum}>` : `opaque[${fixedLength}]`;
  return {
    text,
    encode(writer, value, path, trace) {
      if (!(value instanceof Uint8Array)) throw new MarshallingError(`${path} must be bytes (a Buffer), not ${describeValue(value)}`);
      const start = writer.byteLength;
      if (fixedLength !== undefined) {
        if (value.length !== fixedLength) throw new MarshallingError(`${path} must be exactly ${fixedLength} bytes, not ${value.length}`);
        writer.writeFixedOpaque(value);
        trace?.(path, start, start + padded(fixedLength), text, `${value.length} bytes`);
        return;
      }
      if (value.length > maximum!) throw new MarshallingError(`${path} is ${value.length} bytes; its interface allows at most ${maximum}`);
      writer.writeOpaque(value);
      trace?.(`${path} (length)`, start, start + 4, 'unsigned int', String(value.length));
      if (value.length > 0) trace?.(path, start + 4, start + 4 + padded(value.length), text, `${value.length} bytes`);
    },
    decode: (reader) => Buffer.from(fixedLength === undefined ? reader.readOpaque(maximum!) : reader.readFixedOpaque(fixedLength)),
  };
}

/** Builds the codecs of an interface's types, once per type name. */
export class CodecBuilder {
  private readonly definition: InterfaceDefinition;
  private readonly named = new Map<string, Codec>();

  constructor(definition: InterfaceDefinition) {
    this.definition = definition;
  }

  codecOf(type: XdrType): Codec {
    switch (type.kind) {
      case 'void':
        return voidCodec;
      case 'int':
        return intCodec;
      case 'unsigned':
        return unsignedCodec;
      case 'hyper':
        return hyperCodec;
      case 'unsignedHyper':
        return unsignedHyperCodec;
      case 'bool':
        return boolCodec;
      case 'string':
        return stringCodec(type.maximum);
      case 'opaque':
        return opaqueCodec(type.maximum, undefined);
      case 'fixedOpaque':
        return opaqueCodec(undefined, type.length);
      case 'array':
      case 'fixedArray':
        return this.arrayCodec(this.codecOf(type.of), type.kind === 'array' ? type.maximum : type.length, type.kind === 'fixedArray');
      case 'named':
        return this.namedCodec(type.name);
    }
  }

  private arrayCodec(item: Codec, bound: number, fixed: boolean): Codec {
    return {
      text: fixed ? `${item.text}[${bound}]` : `${item.text}<${bound}>`,
      encode(writer, value, path, trace) {
        if (!Array.isArray(value)) throw new MarshallingError(`${path} must be a list, not ${describeValue(value)}`);
        if (fixed ? value.length !== bound : value.length > bound) throw new MarshallingError(`${path} has ${value.length} items; its interface wants ${fixed ? 'exactly' : 'at most'} ${bound}`);
        if (!fixed) {
          const start = writer.byteLength;
          writer.writeUnsigned(value.length);
          trace?.(`${path} (count)`, start, start + 4, 'unsigned int', String(value.length));
        }
        value.forEach((element, index) => item.encode(writer, element, `${path}[${index}]`, trace));
      },
      decode(reader, path) {
        const count = fixed ? bound : reader.readUnsigned();
        if (count > bound) throw new XdrError(`${path} has ${count} items, over its bound of ${bound}`);
        // Every item takes at least 4 bytes: a count beyond what is left is garbage, not a huge allocation.
        if (count * 4 > reader.remaining) throw new XdrError(`${path} claims ${count} items, more than the message holds`);
        return Array.from({ length: count }, (_, index) => item.decode(reader, `${path}[${index}]`));
      },
    };
  }

  private namedCodec(name: string): Codec {
    const existing = this.named.get(name);
    if (existing !== undefined) return existing;
    const enumeration = this.definition.enums.get(name);
    const typedef = this.definition.typedefs.get(name);
    const struct = this.definition.structs.get(name);
    let codec: Codec;
    if (enumeration !== undefined) {
      const byName = new Map(enumeration.members.map((member) => [member.name, member.value]));
      const byValue = new Map(enumeration.members.map((member) => [member.value, member.name]));
      codec = {
        text: name,
        encode(writer, value, path, trace) {
          const number = typeof value === 'string' ? byName.get(value) : undefined;
          if (number === undefined) throw new MarshallingError(`${path} must be one of ${[...byName.keys()].join(', ')}, not ${describeValue(value)}`);
          const start = writer.byteLength;
          writer.writeInteger(number);
          trace?.(path, start, start + 4, `enum ${name}`, `${String(value)} (${number})`);
        },
        decode(reader, path) {
          const number = reader.readInteger();
          const member = byValue.get(number);
          if (member === undefined) throw new XdrError(`${path}: ${number} is not a value of enum ${name}`);
          return member;
        },
      };
    } else if (typedef !== undefined) {
      codec = { ...this.codecOf(typedef), text: name };
    } else if (struct !== undefined) {
      // Filled in below, so that codecs of the fields may be built after this one is known.
      const fields: { name: string; codec: Codec }[] = [];
      codec = {
        text: name,
        encode(writer, value, path, trace) {
          if (value === null || typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value)) throw new MarshallingError(`${path} must be a ${name} (an object with ${fields.map((field) => field.name).join(', ')}), not ${describeValue(value)}`);
          for (const field of fields) field.codec.encode(writer, (value as Record<string, unknown>)[field.name], `${path}.${field.name}`, trace);
        },
        decode(reader, path) {
          const result: Record<string, unknown> = {};
          for (const field of fields) result[field.name] = field.codec.decode(reader, `${path}.${field.name}`);
          return result;
        },
      };
      this.named.set(name, codec);
      for (const field of struct.fields) fields.push({ name: field.name, codec: this.codecOf(field.type) });
      return codec;
    } else {
      throw new Error(`type ${name} is not defined`);
    }
    this.named.set(name, codec);
    return codec;
  }
}
