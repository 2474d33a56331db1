// Help for tool commands, written from the schema: each flag's description, range and default are
// the scenario field's, so `proclab migrate --help` cannot drift from what a scenario would do.
import { parseDocument, type Document } from 'yaml';
import { schemaNodeAt } from '../scenario/schemaPath.ts';
import type { FieldDocs, ObjectNode, SchemaNode } from '../scenario/schema.ts';
import { formatDurationMs, formatSizeBytes } from '../scenario/units.ts';
import type { DisplayFlag, ScenarioFlag } from '../engines/toolCommand.ts';

/** The text of a field's description, as the terminal shows it. */
export function fieldDescription(node: FieldDocs): string {
  return node.description;
}

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

/** One flag's entry: the flag and its value's name, then its text, wrapped beside it. */
export function helpEntry(flag: string, text: string): string {
  const lines = wrap(text, helpWidth - flagColumn);
  const head = flag.length + 2 <= flagColumn ? flag.padEnd(flagColumn) : `${flag}\n${' '.repeat(flagColumn)}`;
  return `${head}${lines.map((line, index) => (index === 0 ? line : `${' '.repeat(flagColumn)}${line}`)).join('\n')}`;
}

export function valueName(node: SchemaNode): string {
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
    case 'boolean':
      return '';
    default:
      return 'TEXT';
  }
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

/** The value a scenario written from `base` has at `path`: the one written there, or the schema's default. */
function defaultAt(base: Document | undefined, path: string, node: SchemaNode): string | undefined {
  const keys = path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  const written = base?.getIn(keys);
  if (written !== undefined && written !== null) return formatValue(node, written);
  if (node.kind === 'object' || node.kind === 'array' || node.default === undefined || node.default === '') return undefined;
  return formatValue(node, node.default);
}

/** Help for a flag whose value a schema node describes. */
export function nodeHelp(node: SchemaNode, defaultValue: string | undefined, options: { text?: string; negates?: boolean; required?: boolean } = {}): string {
  const facts: string[] = [];
  if (node.kind === 'enum') facts.push(`one of ${node.choices.join(', ')}`);
  const span = range(node);
  if (span !== undefined) facts.push(span);
  if (options.required) facts.push('required');
  else if (options.negates) {
    if (options.text === undefined) facts.push(defaultValue === 'false' ? 'off anyway by default' : 'on unless this flag is given');
  } else if (node.kind === 'boolean') facts.push(`default ${defaultValue === 'true' ? 'on' : 'off'}`);
  else if (defaultValue !== undefined) facts.push(`default ${defaultValue}`);
  let text = plain(options.text ?? fieldDescription(node));
  if (facts.length > 0) text = `${text} (${facts.join('; ')})`;
  if (node.kind === 'enum' && node.choiceDescriptions !== undefined && options.text === undefined) {
    const described = node.choices.filter((choice) => node.choiceDescriptions?.[choice] !== undefined);
    if (described.length > 0) text += described.map((choice) => `\n  ${choice}: ${plain(node.choiceDescriptions![choice]!)}`).join('');
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

/** The flags of a scenario tool command, each described from the schema at its path. */
export function scenarioFlagsHelp(scenarioSchema: ObjectNode<any>, baseScenario: string, flags: readonly ScenarioFlag[], displayFlags: readonly DisplayFlag[] = []): string {
  const base = parseDocument(baseScenario);
  const entries = flags.map((flag) => {
    const node = schemaNodeAt(scenarioSchema, flag.path);
    if (node === undefined) throw new Error(`--${flag.name} aliases ${flag.path}, which the scenario schema does not have`);
    const name = `${flag.short === undefined ? '' : `-${flag.short}, `}--${flag.name}${flag.negates || node.kind === 'boolean' ? '' : ` ${flag.valueName ?? valueName(node)}`}`;
    return entryWithChoices(name, nodeHelp(node, defaultAt(base, flag.path, node), { text: flag.help, negates: flag.negates, required: flag.required }));
  });
  for (const flag of displayFlags) entries.push(helpEntry(`--${flag.name}`, flag.help));
  return entries.join('\n');
}

/** The flags of a foreground command, from its options schema (fields named as the flags). */
export function optionsHelp(options: ObjectNode<any>, shortFlags: Readonly<Record<string, string>> = {}, valueNames: Readonly<Record<string, string>> = {}): string {
  return Object.entries(options.fields as Record<string, SchemaNode>)
    .map(([name, node]) => {
      const flag = `${shortFlags[name] === undefined ? '' : `-${shortFlags[name]}, `}--${name}${node.kind === 'boolean' ? '' : ` ${valueNames[name] ?? valueName(node)}`}`;
      return entryWithChoices(flag, nodeHelp(node, defaultAt(undefined, name, node), { required: options.required?.includes(name) }));
    })
    .join('\n');
}
