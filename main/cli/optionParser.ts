// The one way `proclab` reads its command line. Every command declares its flags once, each with
// the schema node that describes its value; from that declaration come the split of the command
// line (Node's parseArgs), the checks of every value (the scenario validator, so durations,
// sizes, choices and ranges are read and refused exactly as in a scenario file, with the same
// messages naming the flag instead of the path), the defaults and the help.
import { parseArgs } from 'node:util';
import { parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../../preload/api.ts';
import { parseScenario } from '../scenario/scenarioValidation.ts';
import { schema, type SchemaNode } from '../scenario/schema.ts';
import { FlagError } from './cliErrors.ts';

/** One flag of a command. */
export interface CommandFlag {
  /** Written `--name`. */
  readonly name: string;
  /** The one-letter form, written `-c`. */
  readonly short?: string;
  /** What its value is: its type, its checks, its description and its default. A boolean takes no value. */
  readonly node: SchemaNode;
  /** A flag with a true/false value that takes no value itself (`--no-pre-paging`). */
  readonly takesNoValue?: boolean;
  /** How help names its value (`FILE`); by default from the value's type (`N`, `TIME`, `SIZE`). */
  readonly valueName?: string;
  /** May be given more than once (`--set`); its value is then the list of what was given. */
  readonly repeatable?: boolean;
  readonly required?: boolean;
  /** A duration flag where a bare number means this unit: `-d 10` is 10 seconds, as wrk reads it. */
  readonly bareNumberUnit?: string;
  /** Its help as written, where the node's description (with its range and default) does not read well. */
  readonly help?: string;
  /**
   * Checked by the scenario the command writes from it (a tool command's flags are scenario
   * values), not by the option parser: its value is left as given.
   */
  readonly inScenario?: boolean;
}

/** An argument that is not a flag: `proclab export RUN_ID`. */
export interface CommandArgument {
  /** As usage shows it: `RUN_ID`, `LAB|FILE`. */
  readonly name: string;
  readonly help: string;
  /** Left out, the command still runs (`proclab run` without a lab is not that). */
  readonly optional?: boolean;
  /** The last argument only: it takes every argument given from there on (`RUN_ID…`). */
  readonly repeatable?: boolean;
}

/** What one flag was given as, before any check: text, true for a flag without a value, or a list. */
export type GivenValue = string | boolean | readonly string[];

export interface CommandLine {
  /** The flags given, as given. */
  readonly given: Readonly<Record<string, GivenValue | undefined>>;
  /** Every flag the parser checks, its value checked and read (`2s` is 2000), or its default. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly arguments: readonly string[];
  readonly help: boolean;
}

/** Flags and arguments of one command, as the parser and the help see them. */
export interface CommandSyntax {
  readonly name: string;
  readonly flags: readonly CommandFlag[];
  readonly arguments?: readonly CommandArgument[];
}

const helpFlag: CommandFlag = {
  name: 'help',
  short: 'h',
  node: schema.boolean({ description: { en: 'Show this help.', 'pt-BR': 'Mostra esta ajuda.' }, default: false }),
};

export function takesValue(flag: CommandFlag): boolean {
  return flag.node.kind !== 'boolean' && flag.takesNoValue !== true;
}

/** `--name` or `--name VALUE`, as help and messages write it. */
export function valueName(flag: CommandFlag): string {
  if (flag.valueName !== undefined) return flag.valueName;
  const node = flag.node;
  switch (node.kind) {
    case 'integer':
    case 'number':
      return 'N';
    case 'duration':
      return 'TIME';
    case 'size':
      return 'SIZE';
    case 'enum': {
      const choices = node.choices.join('|');
      return choices.length <= 30 ? choices : 'NAME';
    }
    default:
      return 'TEXT';
  }
}

/** How far apart two flag names are (edits, a swap of neighbours counting as one), for "did you mean". */
function distance(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, table[i - 2]![j - 2]! + 1);
      table[i]![j] = best;
    }
  }
  return table[a.length]![b.length]!;
}

/** The one of `names` a mistyped `name` most likely meant (`lsit` → `list`), if any is close enough. */
export function closestName(name: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of names) {
    const apart = distance(name, candidate);
    if (apart <= Math.max(1, Math.floor(candidate.length / 3)) && (best === undefined || apart < best.distance)) best = { name: candidate, distance: apart };
  }
  return best?.name;
}

function closest(name: string, flags: readonly CommandFlag[]): string | undefined {
  return closestName(name, flags.map((flag) => flag.name));
}

const problemPrefix = (command: string): string => `proclab ${command}: error:`;

/**
 * Splits the command line by the command's flags. Unknown flags, flags without their value,
 * values given to flags that take none, a flag given twice and arguments too many or missing
 * are each one line naming the flag; all of them are reported at once.
 */
export function splitCommandLine(syntax: CommandSyntax, argv: readonly string[]): { given: Record<string, GivenValue | undefined>; arguments: string[]; help: boolean } {
  const flags = [...syntax.flags, helpFlag];
  const byName = new Map(flags.map((flag) => [flag.name, flag]));
  const shortFlags = new Set(flags.filter((flag) => flag.short !== undefined).map((flag) => `-${flag.short}`));
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const flag of flags) options[flag.name] = { type: takesValue(flag) ? 'string' : 'boolean', ...(flag.short === undefined ? {} : { short: flag.short }) };
  // Not strict: every problem is put in proclab's words below, rather than parseArgs' first one.
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });

  const problems: string[] = [];
  const given: Record<string, GivenValue | undefined> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const flag = byName.get(token.name);
    if (flag === undefined) {
      const suggestion = token.rawName.startsWith('--') ? closest(token.name, flags) : undefined;
      problems.push(`${problemPrefix(syntax.name)} unknown flag ${token.rawName}${suggestion === undefined ? '' : ` (did you mean --${suggestion}?)`}`);
      continue;
    }
    const written = token.rawName.startsWith('--') ? token.rawName : `${token.rawName} (--${flag.name})`;
    let value: string | boolean;
    if (!takesValue(flag)) {
      if (token.inlineValue === true) {
        problems.push(`${problemPrefix(syntax.name)} ${written} takes no value; got "${token.value}"`);
        continue;
      }
      value = true;
    } else {
      // A flag's value may start with "-" (a negative number), but not be another flag.
      const missing = token.value === undefined || (token.inlineValue === false && (token.value.startsWith('--') || shortFlags.has(token.value)));
      if (missing) {
        problems.push(`${problemPrefix(syntax.name)} ${written} needs a value (${valueName(flag)})${token.value === undefined ? '' : `; ${token.value} is a flag`}`);
        continue;
      }
      value = token.value!;
    }
    const before = given[flag.name];
    if (flag.repeatable) {
      given[flag.name] = [...((before as readonly string[] | undefined) ?? []), String(value)];
    } else if (before !== undefined) {
      problems.push(`${problemPrefix(syntax.name)} --${flag.name} is given more than once`);
    } else {
      given[flag.name] = value;
    }
  }
  const declared = syntax.arguments ?? [];
  const help = given.help === true;
  // After an unknown flag, its value (if it had one) reads as an argument: counting them would only confuse.
  if (!help && problems.every((problem) => !problem.includes(' unknown flag '))) {
    const missing = declared.filter((argument, index) => !argument.optional && positionals[index] === undefined);
    for (const argument of missing) problems.push(`${problemPrefix(syntax.name)} ${argument.name} is required`);
    const takesTheRest = declared.at(-1)?.repeatable === true;
    for (const extra of takesTheRest ? [] : positionals.slice(declared.length)) problems.push(`${problemPrefix(syntax.name)} unexpected argument "${extra}"`);
  }
  if (problems.length > 0) throw new FlagError(problems, syntax.name);
  delete given.help;
  return { given, arguments: positionals, help };
}

const numberPattern = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * A flag's text as the value a scenario file would hold for that node: a number for numbers
 * (text that is not one stays text, so the validator says what is wrong with it), text otherwise.
 */
export function flagValue(node: SchemaNode, raw: string | boolean, bareNumberUnit?: string): unknown {
  if (typeof raw === 'boolean') return raw;
  if (node.kind === 'integer' || node.kind === 'number') return numberPattern.test(raw) ? Number(raw) : raw;
  if (node.kind === 'duration' && bareNumberUnit !== undefined && numberPattern.test(raw)) return `${raw.trim()}${bareNumberUnit}`;
  return raw;
}

export function setValue(document: Document, path: string, value: unknown): void {
  const keys = path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  document.setIn(keys, document.createNode(value));
}

/** How a flag is named in messages, given the scenario path a diagnostic is about. */
export type FlagNamer = (path: string) => { flag: string; given?: string } | undefined;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A diagnostic as `proclab CMD --flag VALUE: error: --flag …`: the scenario's message, naming the flag. */
export function flagDiagnosticLine(command: string, diagnostic: Diagnostic, nameOf: FlagNamer): string {
  const named = nameOf(diagnostic.path);
  if (named === undefined) return `proclab ${command}: ${diagnostic.severity}: ${diagnostic.message}`;
  const missing = /is missing "([^"]+)"$/.exec(diagnostic.message);
  if (missing !== null && diagnostic.path.endsWith(missing[1]!)) return `proclab ${command}: ${diagnostic.severity}: ${named.flag} is required`;
  const leading = new RegExp(`^${escapeRegExp(diagnostic.path)}(?=[\\s:]|$)`);
  const message = leading.test(diagnostic.message) ? diagnostic.message.replace(leading, named.flag) : `${named.flag}: ${diagnostic.message}`;
  return `proclab ${command} ${named.flag}${named.given === undefined ? '' : ` ${named.given}`}: ${diagnostic.severity}: ${message}`;
}

/**
 * Checks the flags the parser owns against their nodes, as a scenario's values are checked, and
 * returns them read, with the defaults of those not given. Every problem is one line naming its flag.
 */
export function checkFlags(syntax: CommandSyntax, given: Readonly<Record<string, GivenValue | undefined>>): Record<string, unknown> {
  const owned = syntax.flags.filter((flag) => flag.inScenario !== true);
  const document = parseDocument('{}');
  const fields: Record<string, SchemaNode> = {};
  for (const flag of owned) {
    fields[flag.name] = flag.repeatable ? schema.array({ description: flag.node.description, items: flag.node }) : flag.node;
    const raw = given[flag.name];
    if (raw === undefined) continue;
    setValue(document, flag.name, Array.isArray(raw) ? raw.map((one) => flagValue(flag.node, one, flag.bareNumberUnit)) : flagValue(flag.node, raw as string | boolean, flag.bareNumberUnit));
  }
  const options = schema.object({
    description: { en: `proclab ${syntax.name}`, 'pt-BR': `proclab ${syntax.name}` },
    required: owned.filter((flag) => flag.required).map((flag) => flag.name),
    fields,
  });
  const parsed = parseScenario(document.toString(), options);
  if (parsed.ok) return parsed.value as Record<string, unknown>;
  const nameOf: FlagNamer = (path) => {
    const name = path.split('.')[0]!;
    if (fields[name] === undefined) return undefined;
    const raw = given[name];
    const item = /^[^.]+\.(\d+)/.exec(path)?.[1];
    const one = Array.isArray(raw) && item !== undefined ? raw[Number(item)] : raw;
    return { flag: `--${name}`, given: typeof one === 'string' ? one : undefined };
  };
  throw new FlagError(
    parsed.diagnostics.map((diagnostic) => flagDiagnosticLine(syntax.name, diagnostic, nameOf)),
    syntax.name,
  );
}

/** Splits and checks a command line: what every `proclab` command runs on. */
export function parseCommandLine(syntax: CommandSyntax, argv: readonly string[]): CommandLine {
  const split = splitCommandLine(syntax, argv);
  if (split.help) return { given: split.given, values: {}, arguments: split.arguments, help: true };
  return { given: split.given, values: checkFlags(syntax, split.given), arguments: split.arguments, help: false };
}
