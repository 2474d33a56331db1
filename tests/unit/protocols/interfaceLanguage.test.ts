import { describe, expect, it } from 'vitest';
import { InterfaceSyntaxError, parseInterface } from '../../../main/protocols/oncRpc/interfaceLanguage.ts';
import { CodecBuilder, MarshallingError } from '../../../main/protocols/oncRpc/xdrCodec.ts';
import { XdrReader, XdrWriter } from '../../../main/protocols/oncRpc/xdr.ts';
import { counterInterfaceText } from '../../../main/engines/clientsState/interfaces/counterInterface.ts';
import { fileInterfaceText } from '../../../main/engines/clientsState/interfaces/fileInterface.ts';

function syntaxError(text: string): { message: string; line: number; column: number } {
  try {
    parseInterface(text);
  } catch (error) {
    if (error instanceof InterfaceSyntaxError) return { message: error.message, line: error.line, column: error.column };
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('the interface language', () => {
  it('reads the lab’s interfaces: programs, versions, procedures with named arguments, structs and enums', () => {
    const counter = parseInterface(counterInterfaceText);
    expect(counter.programs).toHaveLength(1);
    const [program] = counter.programs;
    expect(program).toMatchObject({ name: 'COUNTER', number: 0x20000511 });
    expect(program!.versions[0]!.procedures.map((procedure) => [procedure.name, procedure.number, procedure.parameters.map((parameter) => parameter.name)])).toEqual([
      ['NULL', 0, []],
      ['ADD', 1, ['name', 'amount']],
      ['GET', 2, ['name']],
    ]);
    expect(counter.structs.get('reading')!.fields.map((field) => field.name)).toEqual(['value', 'servedAtMs', 'servedBy']);
    const files = parseInterface(fileInterfaceText);
    expect(files.programs.map((candidate) => candidate.name)).toEqual(['STATELESS_FILES', 'STATEFUL_FILES', 'FILE_CALLBACK']);
    expect(files.programs[1]!.versions.map((version) => version.number)).toEqual([1, 2]);
    expect(files.enums.get('fileStatus')!.members.find((member) => member.name === 'FILE_GRACE')!.value).toBe(10013);
  });

  it('accepts constants, typedefs, fixed and variable arrays, and unnamed arguments', () => {
    const definition = parseInterface(`
      const MAX = 16; // a bound
      typedef string shortName<MAX>;
      struct pair { int left; unsigned int right; opaque tag[3]; hyper history<4>; };
      program P { version V { pair SWAP(shortName, pair) = 1; } = 3; } = 0x30000000;
    `);
    const procedure = definition.programs[0]!.versions[0]!.procedures[0]!;
    expect(procedure.parameters.map((parameter) => parameter.name)).toEqual(['argument1', 'argument2']);
    expect(definition.typedefs.get('shortName')).toEqual({ kind: 'string', maximum: 16 });
    expect(definition.structs.get('pair')!.fields.map((field) => field.type.kind)).toEqual(['int', 'unsigned', 'fixedOpaque', 'array']);
  });

  it('says where a mistake is, by line and column', () => {
    expect(syntaxError('program P {\n  version V {\n    int ADD(strng name) = 1;\n  } = 1;\n} = 5;')).toEqual({ message: '3:13: type "strng" is not defined', line: 3, column: 13 });
    expect(syntaxError('program P {\n  version V { int F(int version) = 1; } = 1;\n} = 5;').message).toBe('2:25: "version" is a keyword and cannot name an argument');
    expect(syntaxError('program P { version V { int F(int) = 1; int G(int) = 1; } = 1; } = 5;').message).toMatch(/procedure number 1 is defined twice/);
    expect(syntaxError('/* never closed\nprogram P {}').message).toBe('1:1: comment is not closed (*/ missing)');
    expect(syntaxError('struct loop { int value; loop next; };\nprogram P { version V { loop F(void) = 1; } = 1; } = 5;').message).toMatch(/struct loop contains itself/);
    expect(syntaxError('struct lonely { int value; };').message).toMatch(/defines no program/);
    expect(syntaxError('program P { version V { int NULL(int) = 0; } = 1; } = 5;').message).toMatch(/procedure 0 is the NULL procedure/);
    expect(syntaxError('program P { version V { float F(void) = 1; } = 1; } = 5;').message).toMatch(/float is not offered/);
    expect(syntaxError('program P { version V { int F(void) = 1 } = 1; } = 5;').message).toBe('1:41: expected ";" after the procedure, found "}"');
  });
});

describe('codecs generated from the types', () => {
  const definition = parseInterface(`
    enum colour { RED = 1, GREEN = 2 };
    struct sample { hyper value; string label<8>; colour tint; unsigned int counts<3>; bool flag; };
    program P { version V { sample ECHO(sample) = 1; } = 1; } = 7;
  `);
  const codec = new CodecBuilder(definition).codecOf({ kind: 'named', name: 'sample', line: 0, column: 0 });

  it('round-trip a struct, padding every field to four bytes', () => {
    const value = { value: -(2 ** 40) - 3, label: 'abc', tint: 'GREEN', counts: [1, 2, 4_000_000_000], flag: true };
    const writer = new XdrWriter();
    codec.encode(writer, value, 'sample');
    const bytes = writer.toBuffer();
    expect(bytes.length).toBe(8 + 4 + 4 + 4 + 4 + 12 + 4);
    expect(codec.decode(new XdrReader(bytes), 'sample')).toEqual(value);
  });

  it('refuse a value that does not fit its type, naming where it is', () => {
    const write = (value: unknown) => codec.encode(new XdrWriter(), value, 'ECHO.argument1');
    expect(() => write({ value: 1.5, label: '', tint: 'RED', counts: [], flag: false })).toThrow(new MarshallingError('ECHO.argument1.value must be a hyper (a whole number from -9007199254740991 to 9007199254740991), not number 1.5'));
    expect(() => write({ value: 1, label: 'much too long', tint: 'RED', counts: [], flag: false })).toThrow(/label is 13 bytes long; its interface allows at most 8/);
    expect(() => write({ value: 1, label: '', tint: 'BLUE', counts: [], flag: false })).toThrow(/tint must be one of RED, GREEN/);
    expect(() => write({ value: 1, label: '', tint: 'RED', counts: [1, 2, 3, 4], flag: false })).toThrow(/counts has 4 items; its interface wants at most 3/);
    expect(() => write({ value: 1, label: '', tint: 'RED', counts: [-1], flag: false })).toThrow(/counts\[0\] must be an unsigned int/);
    expect(() => write('not a struct')).toThrow(/must be a sample/);
  });

  it('refuse a message that claims more than it holds', () => {
    const bytes = new XdrWriter().writeHyper(1).writeUnsigned(2).writeFixedOpaque(Buffer.from('ab')).writeInteger(1).writeUnsigned(1_000).toBuffer();
    expect(() => codec.decode(new XdrReader(bytes), 'sample')).toThrow(/counts has 1000 items, over its bound of 3/);
  });
});
