// Help written from the flags' schema nodes: each flag's description, range and default are its
// node's, so `proclab CMD --help` cannot drift from what the command checks and does. (The
// terminal speaks English; the nodes' Portuguese is for the window.)
import type { Document } from 'yaml';
import { fieldDescription, type SchemaNode } from '../scenario/schema.ts';
import { formatDurationMs, formatSizeBytes } from '../scenario/units.ts';
import { takesValue, valueName, type CommandArgument, type CommandFlag } from './optionParser.ts';

const helpWidth = 100;
const flagColumn = 26;

function plain(text: string): string {
  return text.replace(/`([^`]*)`/g, '$1');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** One entry: the flag and its value's name, then its text, wrapped beside it. */
export function helpEntry(flag: string, text: string): string {
  const lines = wrap(text, helpWidth - flagColumn);
  const head = flag.length + 2 <= flagColumn ? flag.padEnd(flagColumn) : `${flag}\n${' '.repeat(flagColumn)}`;
  return `${head}${lines.map((line, index) => (index === 0 ? line : `${' '.repeat(flagColumn)}${line}`)).join('\n')}`;
}

/** Free text (notes after the flags), wrapped as the entries are. */
export function wrapParagraphs(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => wrap(paragraph, helpWidth).join('\n'))
    .join('\n\n');
}

const durationText = (milliseconds: number): string => (milliseconds === 0 ? '0' : formatDurationMs(milliseconds));

function formatValue(node: SchemaNode, value: unknown): string {
  if (typeof value === 'number' && node.kind === 'duration') return durationText(value);
  if (typeof value === 'number' && node.kind === 'size') return formatSizeBytes(value);
  return String(value);
}

function range(node: SchemaNode): string | undefined {
  const between = (low: string | undefined, high: string | undefined): string | undefined =>
    low !== undefined && high !== undefined ? `${low} to ${high}` : low !== undefined ? `at least ${low}` : high !== undefined ? `at most ${high}` : undefined;
  switch (node.kind) {
    case 'integer':
    case 'number':
      return between(node.minimum?.toLocaleString('en-US'), node.maximum?.toLocaleString('en-US'));
    case 'duration': {
      const span = between(node.minimumMs === undefined ? undefined : durationText(node.minimumMs), node.maximumMs === undefined ? undefined : durationText(node.maximumMs));
      return node.zeroMeans === undefined ? span : `${span ?? 'any'}, or 0: ${node.zeroMeans}`;
    }
    case 'size':
      return between(node.minimumBytes === undefined ? undefined : formatSizeBytes(node.minimumBytes), node.maximumBytes === undefined ? undefined : formatSizeBytes(node.maximumBytes));
    default:
      return undefined;
  }
}

/**
 * The default a flag shows: the value `base` (a tool's base scenario) writes at `path`, else the
 * node's own default; none for empty text, which stands for "not set".
 */
export function defaultText(node: SchemaNode, base?: { document: Document; path: string }): string | undefined {
  const written = base?.document.getIn(base.path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key)));
  if (written !== undefined && written !== null) return formatValue(node, written);
  if (node.kind === 'object' || node.kind === 'array' || node.default === undefined || node.default === '') return undefined;
  return formatValue(node, node.default);
}

/** Help for a value a schema node describes: its description, then its choices, range and default. */
export function nodeHelp(node: SchemaNode, shownDefault: string | undefined, options: { text?: string; negates?: boolean; required?: boolean } = {}): string {
  const facts: string[] = [];
  if (node.kind === 'enum') facts.push(`one of ${node.choices.join(', ')}`);
  const span = range(node);
  if (span !== undefined) facts.push(span);
  if (options.required) facts.push('required');
  else if (options.negates) {
    if (options.text === undefined) facts.push(shownDefault === 'false' ? 'off anyway by default' : 'on unless this flag is given');
  } else if (node.kind === 'boolean') {
    if (shownDefault === 'true') facts.push('default on');
  } else if (shownDefault !== undefined) facts.push(`default ${shownDefault}`);
  let text = plain(options.text ?? fieldDescription(node, 'en'));
  if (facts.length > 0) text = `${text} (${facts.join('; ')})`;
  if (node.kind === 'enum' && node.choiceDescriptions !== undefined && options.text === undefined) {
    const described = node.choices.filter((choice) => node.choiceDescriptions?.[choice] !== undefined);
    if (described.length > 0) text += described.map((choice) => `\n  ${choice}: ${plain(node.choiceDescriptions![choice]!.en)}`).join('');
  }
  return text;
}

function entryWithChoices(flag: string, text: string): string {
  const [first, ...choices] = text.split('\n');
  const choiceLines = choices.flatMap((choice) =>
    wrap(choice.trim(), helpWidth - flagColumn - 4).map((line, index) => `${' '.repeat(flagColumn + (index === 0 ? 2 : 4))}${line}`),
  );
  return [helpEntry(flag, first!), ...choiceLines].join('\n');
}

/** `-c, --connections N`: how help heads a flag's entry. */
export function flagHeading(flag: CommandFlag): string {
  const short = flag.short === undefined ? '' : `-${flag.short}, `;
  const value = takesValue(flag) ? ` ${valueName(flag)}` : '';
  return `${short}--${flag.name}${value}${flag.repeatable ? ' ...' : ''}`;
}

/** A flag's entry; `shownDefault` overrides the node's default (a tool command's base scenario). */
export function flagEntry(flag: CommandFlag, shownDefault: string | undefined = defaultText(flag.node)): string {
  const text = flag.help ?? nodeHelp(flag.node, shownDefault, { required: flag.required });
  return entryWithChoices(flagHeading(flag), text);
}

export function argumentEntry(argument: CommandArgument): string {
  return helpEntry(argument.name, argument.help);
}
