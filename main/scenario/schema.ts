// A scenario schema is written once with these builders; from it come the typed value an engine
// receives, the diagnostics (with positions) for bad input, and the JSON Schema the editor uses.

import type { Language, LocalizedText } from '../../preload/api.ts';

export interface FieldDocs {
  /** Shown on hover and in completion, in the reader's language. */
  description: LocalizedText;
}

/** A field's description in one language (English where a translation is missing). */
export function fieldDescription(docs: FieldDocs, language: Language = 'en'): string {
  return docs.description[language] ?? docs.description.en;
}

interface BaseNode<Kind extends string, Value> extends FieldDocs {
  kind: Kind;
  /** Phantom: the parsed value's type. */
  readonly _value?: Value;
}

export interface IntegerNode extends BaseNode<'integer', number> {
  minimum?: number;
  maximum?: number;
  default?: number;
}

export interface NumberNode extends BaseNode<'number', number> {
  minimum?: number;
  maximum?: number;
  default?: number;
}

export interface BooleanNode extends BaseNode<'boolean', boolean> {
  default?: boolean;
}

export interface StringNode extends BaseNode<'string', string> {
  pattern?: string;
  /** What the pattern accepts, for messages: `100Mbit, 1Gbit, 500MB/s or unlimited`. */
  patternHint?: string;
  default?: string;
}

/** Any single YAML value (text, number or true/false), kept as the text it is written as: `4`, `20ms`, `thread-pool`. */
export interface ScalarNode extends BaseNode<'scalar', string> {
  default?: string;
}

export interface EnumNode<Choice extends string> extends BaseNode<'enum', Choice> {
  choices: readonly Choice[];
  /** Shown beside each choice in completion. */
  choiceDescriptions?: Partial<Record<Choice, LocalizedText>>;
  default?: Choice;
}

/** A duration written like `250ms`, `5s`, `2m`, `1.5s`, `800us`; parsed to milliseconds. */
export interface DurationNode extends BaseNode<'duration', number> {
  minimumMs?: number;
  /** When set, 0 is allowed below `minimumMs` and means this (`until stopped`); it needs no unit. */
  zeroMeans?: string;
  maximumMs?: number;
  default?: string;
}

/** A size written like `64MiB`, `4KiB`, `512B`, `1GiB`, `10kB`; parsed to bytes. */
export interface SizeNode extends BaseNode<'size', number> {
  minimumBytes?: number;
  maximumBytes?: number;
  default?: string;
}

export interface ArrayNode<Item extends SchemaNode> extends BaseNode<'array', ValueOf<Item>[]> {
  items: Item;
  minItems?: number;
  maxItems?: number;
}

export type FieldMap = Record<string, SchemaNode>;

export interface ObjectNode<Fields extends FieldMap> extends BaseNode<'object', ObjectValue<Fields>> {
  fields: Fields;
  /** Fields that must be written; others take their default. */
  required?: readonly (keyof Fields & string)[];
}

export type SchemaNode =
  | IntegerNode
  | NumberNode
  | BooleanNode
  | StringNode
  | ScalarNode
  | EnumNode<string>
  | DurationNode
  | SizeNode
  | ArrayNode<any>
  | ObjectNode<any>;

export type ValueOf<Node> = Node extends BaseNode<string, infer Value> ? Value : never;

export type ObjectValue<Fields extends FieldMap> = {
  [Key in keyof Fields]: ValueOf<Fields[Key]>;
};

export const schema = {
  integer(options: Omit<IntegerNode, 'kind'>): IntegerNode {
    return { kind: 'integer', ...options };
  },
  number(options: Omit<NumberNode, 'kind'>): NumberNode {
    return { kind: 'number', ...options };
  },
  boolean(options: Omit<BooleanNode, 'kind'>): BooleanNode {
    return { kind: 'boolean', ...options };
  },
  string(options: Omit<StringNode, 'kind'>): StringNode {
    return { kind: 'string', ...options };
  },
  scalar(options: Omit<ScalarNode, 'kind'>): ScalarNode {
    return { kind: 'scalar', ...options };
  },
  enumeration<const Choice extends string>(options: Omit<EnumNode<Choice>, 'kind'>): EnumNode<Choice> {
    return { kind: 'enum', ...options };
  },
  duration(options: Omit<DurationNode, 'kind'>): DurationNode {
    return { kind: 'duration', ...options };
  },
  size(options: Omit<SizeNode, 'kind'>): SizeNode {
    return { kind: 'size', ...options };
  },
  array<Item extends SchemaNode>(options: Omit<ArrayNode<Item>, 'kind'>): ArrayNode<Item> {
    return { kind: 'array', ...options };
  },
  object<const Fields extends FieldMap>(options: Omit<ObjectNode<Fields>, 'kind'>): ObjectNode<Fields> {
    return { kind: 'object', ...options };
  },
};
