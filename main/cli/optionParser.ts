// The one way `proclab` reads flags: Node's parseArgs splits the command line, and every value is
// checked by the scenario validator against a schema node (a tool command's flags are scenario
// values; other flags have a small schema of their own). Its messages are the scenario's, naming
// the flag instead of the path.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../../preload/api.ts';
import { parseScenario } from '../scenario/scenarioValidation.ts';
import type { ObjectNode, SchemaNode } from '../scenario/schema.ts';
import { FlagError, UsageError } from './cliErrors.ts';

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface ParsedCommandLine {
  values: ParsedValues;
  positionals: string[];
}

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Splits a command's arguments (`--help` is always known); unknown flags are bad input. */
export function splitCommandLine(argv: readonly string[], options: OptionSpecs, usage: string, command: string): ParsedCommandLine {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}\nusage: ${usage}\n(see proclab ${command} --help)`);
  }
}

/** parseArgs' spec for flags whose values a schema describes: booleans take no value. */
export function optionSpecsOf(fields: Record<string, SchemaNode>, shortFlags: Readonly<Record<string, string>> = {}): OptionSpecs {
  const specs: OptionSpecs = {};
  for (const [name, node] of Object.entries(fields)) {
    specs[name] = { type: node.kind === 'boolean' ? 'boolean' : 'string', ...(shortFlags[name] === undefined ? {} : { short: shortFlags[name] }) };
  }
  return specs;
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
 * Checks flags against a schema whose fields are named as the flags (`port`, `soft-state`) and
 * returns their values, with the schema's defaults for those not given.
 */
export function validateOptions(command: string, options: ObjectNode<any>, values: ParsedValues): Record<string, unknown> {
  const fields = options.fields as Record<string, SchemaNode>;
  const document = parseDocument('{}');
  for (const [name, node] of Object.entries(fields)) {
    const raw = values[name];
    if (typeof raw === 'string' || typeof raw === 'boolean') setValue(document, name, flagValue(node, raw));
  }
  const parsed = parseScenario(document.toString(), options);
  if (!parsed.ok) {
    const nameOf: FlagNamer = (path) => {
      const flag = path.split('.')[0]!;
      if (fields[flag] === undefined) return undefined;
      const given = values[flag];
      return { flag: `--${flag}`, given: typeof given === 'string' ? given : undefined };
    };
    throw new FlagError(parsed.diagnostics.map((diagnostic) => flagDiagnosticLine(command, diagnostic, nameOf)));
  }
  return parsed.value as Record<string, unknown>;
}
