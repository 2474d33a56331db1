// The interface language proclab generates client stubs and server skeletons from: a subset of
// the ONC RPC language that rpcgen reads (RFC 5531 §12, RFC 4506 §6) — constants, enums, structs,
// typedefs, and programs with versions and procedures. Two liberties, both from rpcgen's newer
// style: a procedure may take several arguments, and an argument may be named
// (`hyper ADD(string name<64>, hyper amount) = 1;`) so the marshalled bytes can be labelled.
// Unions and optional data (`*`) are not offered.

export type XdrType =
  | { kind: 'void' }
  | { kind: 'int' }
  | { kind: 'unsigned' }
  | { kind: 'hyper' }
  | { kind: 'unsignedHyper' }
  | { kind: 'bool' }
  | { kind: 'string'; maximum: number }
  | { kind: 'opaque'; maximum: number }
  | { kind: 'fixedOpaque'; length: number }
  | { kind: 'array'; of: XdrType; maximum: number }
  | { kind: 'fixedArray'; of: XdrType; length: number }
  | { kind: 'named'; name: string; line: number; column: number };

export interface Declaration {
  name: string;
  type: XdrType;
}

export interface StructDefinition {
  name: string;
  fields: Declaration[];
}

export interface EnumDefinition {
  name: string;
  members: { name: string; value: number }[];
}

export interface ProcedureDefinition {
  name: string;
  number: number;
  result: XdrType;
  /** Unnamed arguments are called `argument1`, `argument2`, … */
  parameters: Declaration[];
}

export interface VersionDefinition {
  name: string;
  number: number;
  procedures: ProcedureDefinition[];
}

export interface ProgramDefinition {
  name: string;
  number: number;
  versions: VersionDefinition[];
}

export interface InterfaceDefinition {
  constants: Map<string, number>;
  enums: Map<string, EnumDefinition>;
  structs: Map<string, StructDefinition>;
  typedefs: Map<string, XdrType>;
  programs: ProgramDefinition[];
}

/** A mistake in an interface text, where it is (1-based line and column). */
export class InterfaceSyntaxError extends Error {
  override readonly name = 'InterfaceSyntaxError';
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(`${line}:${column}: ${message}`);
    this.line = line;
    this.column = column;
  }
}

/** `string<>` and `opaque<>` without a bound: the most a proclab record carries. */
export const unboundedBytes = 1024 * 1024;
const maximumTextLength = 256 * 1024;

interface Token {
  kind: 'identifier' | 'number' | 'symbol' | 'end';
  text: string;
  value: number;
  line: number;
  column: number;
}

function tokenize(text: string): Token[] {
  if (text.length > maximumTextLength) throw new InterfaceSyntaxError(`the interface is longer than ${maximumTextLength} characters`, 1, 1);
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const at = (): { line: number; column: number } => ({ line, column: index - lineStart + 1 });
  while (index < text.length) {
    const character = text[index]!;
    if (character === '\n') {
      index += 1;
      line += 1;
      lineStart = index;
    } else if (/\s/.test(character)) {
      index += 1;
    } else if (text.startsWith('/*', index)) {
      const start = at();
      const end = text.indexOf('*/', index + 2);
      if (end < 0) throw new InterfaceSyntaxError('comment is not closed (*/ missing)', start.line, start.column);
      for (let scan = index; scan < end; scan += 1) {
        if (text[scan] === '\n') {
          line += 1;
          lineStart = scan + 1;
        }
      }
      index = end + 2;
    } else if (text.startsWith('//', index)) {
      while (index < text.length && text[index] !== '\n') index += 1;
    } else if (/[A-Za-z_]/.test(character)) {
      const start = at();
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index, index + 256))!;
      tokens.push({ kind: 'identifier', text: match[0], value: 0, ...start });
      index += match[0].length;
    } else if (/[0-9-]/.test(character)) {
      const start = at();
      const match = /^-?(0x[0-9A-Fa-f]+|[0-9]+)/.exec(text.slice(index, index + 64));
      if (match === null) throw new InterfaceSyntaxError(`unexpected "${character}"`, start.line, start.column);
      const negative = match[0].startsWith('-');
      const digits = negative ? match[0].slice(1) : match[0];
      const value = (negative ? -1 : 1) * Number(digits);
      if (!Number.isSafeInteger(value)) throw new InterfaceSyntaxError(`number ${match[0]} is too large`, start.line, start.column);
      tokens.push({ kind: 'number', text: match[0], value, ...start });
      index += match[0].length;
    } else if ('{}()<>[]=;,'.includes(character)) {
      tokens.push({ kind: 'symbol', text: character, value: 0, ...at() });
      index += 1;
    } else {
      const start = at();
      throw new InterfaceSyntaxError(`unexpected "${character}"`, start.line, start.column);
    }
  }
  tokens.push({ kind: 'end', text: 'the end of the interface', value: 0, ...at() });
  return tokens;
}

const keywords = new Set(['const', 'enum', 'struct', 'typedef', 'program', 'version', 'void', 'int', 'unsigned', 'hyper', 'bool', 'string', 'opaque', 'union', 'switch', 'case', 'default']);

class Parser {
  private readonly tokens: Token[];
  private position = 0;
  readonly definition: InterfaceDefinition = { constants: new Map(), enums: new Map(), structs: new Map(), typedefs: new Map(), programs: [] };
  private readonly typeNames = new Map<string, Token>();

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private get current(): Token {
    return this.tokens[this.position]!;
  }

  private fail(message: string, token: Token = this.current): never {
    throw new InterfaceSyntaxError(message, token.line, token.column);
  }

  private next(): Token {
    const token = this.current;
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  private isSymbol(text: string): boolean {
    return this.current.kind === 'symbol' && this.current.text === text;
  }

  private isWord(text: string): boolean {
    return this.current.kind === 'identifier' && this.current.text === text;
  }

  private expectSymbol(text: string, context: string): void {
    if (!this.isSymbol(text)) this.fail(`expected "${text}" ${context}, found ${this.describe(this.current)}`);
    this.next();
  }

  private describe(token: Token): string {
    return token.kind === 'end' ? token.text : `"${token.text}"`;
  }

  private expectName(what: string): Token {
    const token = this.current;
    if (token.kind !== 'identifier') this.fail(`expected ${what}, found ${this.describe(token)}`);
    if (keywords.has(token.text)) this.fail(`"${token.text}" is a keyword and cannot name ${what}`);
    return this.next();
  }

  /** A number or a constant's name. */
  private expectValue(what: string): number {
    const token = this.next();
    if (token.kind === 'number') return token.value;
    if (token.kind === 'identifier') {
      const constant = this.definition.constants.get(token.text);
      if (constant !== undefined) return constant;
      for (const enumeration of this.definition.enums.values()) {
        const member = enumeration.members.find((candidate) => candidate.name === token.text);
        if (member !== undefined) return member.value;
      }
      this.fail(`"${token.text}" is not a constant defined above`, token);
    }
    this.fail(`expected ${what}, found ${this.describe(token)}`, token);
  }

  private declareName(token: Token): void {
    if (this.typeNames.has(token.text)) this.fail(`"${token.text}" is already defined`, token);
    this.typeNames.set(token.text, token);
  }

  parse(): InterfaceDefinition {
    while (this.current.kind !== 'end') {
      const token = this.current;
      if (this.isWord('const')) this.parseConstant();
      else if (this.isWord('enum')) this.parseEnum();
      else if (this.isWord('struct')) this.parseStruct();
      else if (this.isWord('typedef')) this.parseTypedef();
      else if (this.isWord('program')) this.parseProgram();
      else if (this.isWord('union')) this.fail('unions are not offered by proclab’s interface language');
      else this.fail(`expected const, enum, struct, typedef or program, found ${this.describe(token)}`);
    }
    if (this.definition.programs.length === 0) this.fail('the interface defines no program');
    this.resolveNamedTypes();
    return this.definition;
  }

  private parseConstant(): void {
    this.next();
    const name = this.expectName('a constant');
    this.expectSymbol('=', 'after the constant’s name');
    const value = this.expectValue('a number');
    this.expectSymbol(';', 'after the constant');
    this.declareName(name);
    this.definition.constants.set(name.text, value);
  }

  private parseEnum(): void {
    this.next();
    const name = this.expectName('an enum');
    this.declareName(name);
    this.expectSymbol('{', 'to open the enum');
    const members: EnumDefinition['members'] = [];
    do {
      const member = this.expectName('an enum member');
      if (members.some((existing) => existing.name === member.text)) this.fail(`"${member.text}" appears twice in enum ${name.text}`, member);
      this.expectSymbol('=', `after ${member.text}`);
      const valueToken = this.current;
      const value = this.expectValue('a number');
      if (value < -(2 ** 31) || value >= 2 ** 31) this.fail(`enum values are 32-bit signed integers; ${value} is not one`, valueToken);
      members.push({ name: member.text, value });
      if (!this.isSymbol(',')) break;
      this.next();
    } while (!this.isSymbol('}'));
    this.expectSymbol('}', 'to close the enum');
    this.expectSymbol(';', 'after the enum');
    this.definition.enums.set(name.text, { name: name.text, members });
  }

  private parseStruct(): void {
    this.next();
    const name = this.expectName('a struct');
    this.declareName(name);
    this.expectSymbol('{', 'to open the struct');
    const fields: Declaration[] = [];
    while (!this.isSymbol('}')) {
      const field = this.parseDeclaration('a field', true);
      if (fields.some((existing) => existing.name === field.name)) this.fail(`field "${field.name}" appears twice in struct ${name.text}`);
      fields.push({ name: field.name, type: field.type });
      this.expectSymbol(';', 'after the field');
    }
    if (fields.length === 0) this.fail(`struct ${name.text} has no fields`);
    this.expectSymbol('}', 'to close the struct');
    this.expectSymbol(';', 'after the struct');
    this.definition.structs.set(name.text, { name: name.text, fields });
  }

  private parseTypedef(): void {
    this.next();
    const declaration = this.parseDeclaration('the new type', true);
    this.expectSymbol(';', 'after the typedef');
    this.declareName(declaration.nameToken!);
    this.definition.typedefs.set(declaration.name, declaration.type);
  }

  /** A type specifier: a base type, `string<N>`/`opaque<N>`/`opaque[N]`, or a name defined elsewhere. */
  private parseTypeSpecifier(): XdrType {
    const token = this.next();
    if (token.kind !== 'identifier') this.fail(`expected a type, found ${this.describe(token)}`, token);
    switch (token.text) {
      case 'void':
        return { kind: 'void' };
      case 'int':
        return { kind: 'int' };
      case 'hyper':
        return { kind: 'hyper' };
      case 'bool':
        return { kind: 'bool' };
      case 'unsigned':
        if (this.isWord('hyper')) {
          this.next();
          return { kind: 'unsignedHyper' };
        }
        if (this.isWord('int')) this.next();
        return { kind: 'unsigned' };
      case 'string':
        return { kind: 'string', maximum: this.isSymbol('<') ? this.parseBound() : unboundedBytes };
      case 'opaque':
        if (this.isSymbol('[')) return { kind: 'fixedOpaque', length: this.parseFixedLength() };
        return { kind: 'opaque', maximum: this.isSymbol('<') ? this.parseBound() : unboundedBytes };
      case 'float':
      case 'double':
      case 'quadruple':
        this.fail(`${token.text} is not offered by proclab’s interface language (use int or hyper)`, token);
      default:
        if (keywords.has(token.text)) this.fail(`expected a type, found the keyword "${token.text}"`, token);
        return { kind: 'named', name: token.text, line: token.line, column: token.column };
    }
  }

  /** `<N>` or `<>` (no bound). */
  private parseBound(): number {
    this.expectSymbol('<', 'to open the bound');
    if (this.isSymbol('>')) {
      this.next();
      return unboundedBytes;
    }
    const token = this.current;
    const bound = this.expectValue('a bound');
    if (bound < 0 || bound > unboundedBytes) this.fail(`a bound must be between 0 and ${unboundedBytes}`, token);
    this.expectSymbol('>', 'to close the bound');
    return bound;
  }

  private parseFixedLength(): number {
    this.expectSymbol('[', 'to open the length');
    const token = this.current;
    const length = this.expectValue('a length');
    if (length < 1 || length > unboundedBytes) this.fail(`a fixed length must be between 1 and ${unboundedBytes}`, token);
    this.expectSymbol(']', 'to close the length');
    return length;
  }

  /** `type name`, `type name<N>` (a variable array, or the bound of string/opaque), `type name[N]`. */
  private parseDeclaration(what: string, nameRequired: boolean): Declaration & { nameToken?: Token } {
    const type = this.parseTypeSpecifier();
    if (!nameRequired && this.current.kind !== 'identifier') return { name: '', type };
    const name = this.expectName(what);
    const declared = (declaration: Declaration): Declaration & { nameToken: Token } => ({ ...declaration, nameToken: name });
    if (type.kind === 'void') this.fail('void has no value to name', name);
    if (this.isSymbol('<')) {
      const bound = this.parseBound();
      if (type.kind === 'string' || type.kind === 'opaque') return declared({ name: name.text, type: { ...type, maximum: bound } });
      return declared({ name: name.text, type: { kind: 'array', of: type, maximum: Math.min(bound, 65_536) } });
    }
    if (this.isSymbol('[')) {
      const length = this.parseFixedLength();
      if (type.kind === 'opaque') return declared({ name: name.text, type: { kind: 'fixedOpaque', length } });
      if (type.kind === 'string') this.fail('a string has a bound <N>, not a fixed length [N]', name);
      return declared({ name: name.text, type: { kind: 'fixedArray', of: type, length: Math.min(length, 65_536) } });
    }
    return declared({ name: name.text, type });
  }

  private parseProgram(): void {
    this.next();
    const name = this.expectName('a program');
    this.declareName(name);
    this.expectSymbol('{', 'to open the program');
    const versions: VersionDefinition[] = [];
    while (this.isWord('version')) versions.push(this.parseVersion(name.text));
    if (versions.length === 0) this.fail(`program ${name.text} has no version (expected "version NAME { … } = N;")`);
    this.expectSymbol('}', 'to close the program');
    this.expectSymbol('=', 'before the program number');
    const numberToken = this.current;
    const number = this.expectValue('a program number');
    if (number < 0 || number >= 2 ** 32) this.fail('a program number is a 32-bit unsigned integer', numberToken);
    if (this.definition.programs.some((program) => program.number === number)) this.fail(`program number ${number} is used twice`, numberToken);
    this.expectSymbol(';', 'after the program');
    for (const [index, version] of versions.entries()) {
      if (versions.findIndex((other) => other.number === version.number) !== index) this.fail(`program ${name.text} defines version ${version.number} twice`, numberToken);
    }
    this.definition.programs.push({ name: name.text, number, versions });
  }

  private parseVersion(programName: string): VersionDefinition {
    this.next();
    const name = this.expectName('a version');
    this.declareName(name);
    this.expectSymbol('{', 'to open the version');
    const procedures: ProcedureDefinition[] = [];
    while (!this.isSymbol('}')) {
      const procedure = this.parseProcedure();
      const clash = procedures.find((existing) => existing.number === procedure.number || existing.name === procedure.name);
      if (clash !== undefined) this.fail(`${programName}.${name.text}: ${clash.name === procedure.name ? `procedure ${procedure.name}` : `procedure number ${procedure.number}`} is defined twice`, this.tokens[this.position - 1]!);
      procedures.push(procedure);
    }
    if (procedures.length === 0) this.fail(`version ${name.text} has no procedure`);
    this.expectSymbol('}', 'to close the version');
    this.expectSymbol('=', 'before the version number');
    const numberToken = this.current;
    const number = this.expectValue('a version number');
    if (number < 0 || number >= 2 ** 32) this.fail('a version number is a 32-bit unsigned integer', numberToken);
    this.expectSymbol(';', 'after the version');
    return { name: name.text, number, procedures };
  }

  private parseProcedure(): ProcedureDefinition {
    const result = this.parseTypeSpecifier();
    const name = this.expectName('a procedure');
    this.expectSymbol('(', `after procedure ${name.text}`);
    const parameters: Declaration[] = [];
    for (;;) {
      const declaration = this.parseDeclaration('an argument', false);
      if (declaration.type.kind === 'void') {
        if (parameters.length > 0 || declaration.name !== '') this.fail('void stands alone in an argument list: (void)');
      } else {
        const parameterName = declaration.name === '' ? `argument${parameters.length + 1}` : declaration.name;
        if (parameters.some((existing) => existing.name === parameterName)) this.fail(`argument "${parameterName}" appears twice in ${name.text}`);
        parameters.push({ name: parameterName, type: declaration.type });
      }
      if (!this.isSymbol(',')) break;
      this.next();
    }
    this.expectSymbol(')', `to close the arguments of ${name.text}`);
    this.expectSymbol('=', 'before the procedure number');
    const numberToken = this.current;
    const number = this.expectValue('a procedure number');
    if (number < 0 || number >= 2 ** 32) this.fail('a procedure number is a 32-bit unsigned integer', numberToken);
    if (number === 0 && (parameters.length > 0 || result.kind !== 'void')) this.fail('procedure 0 is the NULL procedure: void NAME(void) = 0', numberToken);
    this.expectSymbol(';', 'after the procedure');
    return { name: name.text, number, result, parameters };
  }

  /** Every name a type refers to is defined, and no struct contains itself. */
  private resolveNamedTypes(): void {
    const check = (type: XdrType, path: string[]): void => {
      if (type.kind === 'array' || type.kind === 'fixedArray') return check(type.of, path);
      if (type.kind !== 'named') return;
      const { name } = type;
      if (this.definition.enums.has(name)) return;
      if (path.includes(name)) throw new InterfaceSyntaxError(`struct ${name} contains itself (${[...path, name].join(' → ')}); it would never end`, type.line, type.column);
      const typedef = this.definition.typedefs.get(name);
      if (typedef !== undefined) return check(typedef, [...path, name]);
      const struct = this.definition.structs.get(name);
      if (struct === undefined) throw new InterfaceSyntaxError(`type "${name}" is not defined`, type.line, type.column);
      for (const field of struct.fields) check(field.type, [...path, name]);
    };
    for (const struct of this.definition.structs.values()) for (const field of struct.fields) check(field.type, [struct.name]);
    for (const type of this.definition.typedefs.values()) check(type, []);
    for (const program of this.definition.programs) {
      for (const version of program.versions) {
        for (const procedure of version.procedures) {
          check(procedure.result, []);
          for (const parameter of procedure.parameters) check(parameter.type, []);
        }
      }
    }
  }
}

/** Parses an interface; throws `InterfaceSyntaxError` with the line and column of the first mistake. */
export function parseInterface(text: string): InterfaceDefinition {
  return new Parser(tokenize(text)).parse();
}

/** The program and version a stub or a skeleton is generated for. */
export function findVersion(definition: InterfaceDefinition, programName: string, versionNumber: number): { program: ProgramDefinition; version: VersionDefinition } {
  const program = definition.programs.find((candidate) => candidate.name === programName);
  if (program === undefined) throw new Error(`the interface defines no program ${programName} (it has ${definition.programs.map((candidate) => candidate.name).join(', ')})`);
  const version = program.versions.find((candidate) => candidate.number === versionNumber);
  if (version === undefined) throw new Error(`program ${programName} has no version ${versionNumber} (it has ${program.versions.map((candidate) => candidate.number).join(', ')})`);
  return { program, version };
}
