import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../../preload/api.ts';
import type { ArrayNode, ObjectNode, SchemaNode, ValueOf } from './schema.ts';
import { formatSizeBytes, parseDurationMs, parseSizeBytes } from './units.ts';

export type ScenarioParse<Value> =
  | { ok: true; value: Value; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

interface Walk {
  lineCounter: LineCounter;
  diagnostics: Diagnostic[];
  textLength: number;
}

type Range = readonly [number, number, number?] | null | undefined;

function positionOf(walk: Walk, range: Range, path: string): Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn' | 'path'> {
  const start = Math.min(range?.[0] ?? 0, walk.textLength);
  const end = Math.max(start, Math.min(range?.[1] ?? start, walk.textLength));
  const startPosition = walk.lineCounter.linePos(start);
  const endPosition = walk.lineCounter.linePos(end === start ? start : end);
  return {
    line: startPosition.line,
    column: startPosition.col,
    endLine: endPosition.line,
    endColumn: end === start ? endPosition.col + 1 : endPosition.col,
    path,
  };
}

function report(walk: Walk, range: Range, path: string, message: string): undefined {
  walk.diagnostics.push({ severity: 'error', message, ...positionOf(walk, range, path) });
  return undefined;
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

function describeNode(node: YamlNode | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'nothing' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'an unsupported value';
}

function scalarDefault(node: SchemaNode): unknown {
  switch (node.kind) {
    case 'duration':
      return node.default === undefined ? undefined : unwrap(parseDurationMs(node.default));
    case 'size':
      return node.default === undefined ? undefined : unwrap(parseSizeBytes(node.default));
    case 'object':
      return defaultObject(node);
    case 'array':
      return [];
    default:
      return node.default;
  }
}

function unwrap(parse: ReturnType<typeof parseDurationMs>): number {
  if (!parse.ok) throw new Error(`schema default does not parse: ${parse.message}`);
  return parse.value;
}

function defaultObject(node: ObjectNode<any>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(node.fields as Record<string, SchemaNode>)) {
    value[key] = scalarDefault(field);
  }
  return value;
}

function checkRange(walk: Walk, node: YamlNode, path: string, value: number, minimum: number | undefined, maximum: number | undefined, show: (n: number) => string): number | undefined {
  if (minimum !== undefined && value < minimum) return report(walk, node.range, path, `${path} must be at least ${show(minimum)}`);
  if (maximum !== undefined && value > maximum) return report(walk, node.range, path, `${path} must be at most ${show(maximum)}`);
  return value;
}

function walkNode(walk: Walk, schemaNode: SchemaNode, node: YamlNode | null | undefined, path: string): unknown {
  if (schemaNode.kind === 'object') return walkObject(walk, schemaNode, node, path);
  if (schemaNode.kind === 'array') return walkArray(walk, schemaNode, node, path);
  if (!isScalar(node) || node.value === null) {
    return report(walk, node?.range, path, `${path} must be ${expected(schemaNode)}, not ${describeNode(node)}`);
  }
  const raw = node.value;
  switch (schemaNode.kind) {
    case 'integer':
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return report(walk, node.range, path, `${path} must be ${expected(schemaNode)}, not ${describeNode(node)}`);
      if (schemaNode.kind === 'integer' && !Number.isInteger(raw)) return report(walk, node.range, path, `${path} must be a whole number, not ${raw}`);
      return checkRange(walk, node, path, raw, schemaNode.minimum, schemaNode.maximum, String);
    }
    case 'boolean':
      if (typeof raw !== 'boolean') return report(walk, node.range, path, `${path} must be true or false, not ${describeNode(node)}`);
      return raw;
    case 'string':
      if (typeof raw !== 'string') return report(walk, node.range, path, `${path} must be text, not ${describeNode(node)}`);
      if (schemaNode.pattern !== undefined && !new RegExp(schemaNode.pattern).test(raw)) {
        return report(walk, node.range, path, schemaNode.patternHint === undefined ? `${path} must match ${schemaNode.pattern}` : `${path} must look like ${schemaNode.patternHint}, not ${JSON.stringify(raw)}`);
      }
      return raw;
    case 'scalar':
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return report(walk, node.range, path, `${path} must be a single value, not ${describeNode(node)}`);
      return String(raw);
    case 'enum':
      if (typeof raw !== 'string' || !schemaNode.choices.includes(raw)) {
        return report(walk, node.range, path, `${path} must be one of ${schemaNode.choices.join(', ')}; got ${JSON.stringify(raw)}`);
      }
      return raw;
    case 'duration': {
      // 0 is 0 in every unit: where it has a meaning of its own, it needs none.
      if (raw === 0 && schemaNode.zeroMeans !== undefined) return 0;
      if (typeof raw === 'number') return report(walk, node.range, path, `${path} needs a unit, like ${raw}ms or ${raw}s`);
      const parsed = parseDurationMs(String(raw));
      if (!parsed.ok) return report(walk, node.range, path, `${path}: ${parsed.message}`);
      if (parsed.value === 0 && schemaNode.zeroMeans !== undefined) return 0;
      if (schemaNode.zeroMeans !== undefined && schemaNode.minimumMs !== undefined && parsed.value < schemaNode.minimumMs) {
        return report(walk, node.range, path, `${path} must be at least ${schemaNode.minimumMs}ms, or 0 (${schemaNode.zeroMeans})`);
      }
      return checkRange(walk, node, path, parsed.value, schemaNode.minimumMs, schemaNode.maximumMs, (ms) => `${ms}ms`);
    }
    case 'size': {
      if (typeof raw === 'number') return report(walk, node.range, path, `${path} needs a unit, like ${raw}B or ${raw}KiB`);
      const parsed = parseSizeBytes(String(raw));
      if (!parsed.ok) return report(walk, node.range, path, `${path}: ${parsed.message}`);
      return checkRange(walk, node, path, parsed.value, schemaNode.minimumBytes, schemaNode.maximumBytes, formatSizeBytes);
    }
  }
}

function expected(node: SchemaNode): string {
  switch (node.kind) {
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'text';
    case 'scalar':
      return 'a single value';
    case 'enum':
      return `one of ${node.choices.join(', ')}`;
    case 'duration':
      return 'a duration like 250ms or 5s';
    case 'size':
      return 'a size like 4KiB or 64MiB';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
  }
}

function walkArray(walk: Walk, schemaNode: ArrayNode<SchemaNode>, node: YamlNode | null | undefined, path: string): unknown[] | undefined {
  if (!isSeq(node)) return report(walk, node?.range, path, `${path} must be a list, not ${describeNode(node)}`);
  const items = node.items.map((item, index) => walkNode(walk, schemaNode.items, item as YamlNode, join(path, index)));
  if (schemaNode.minItems !== undefined && items.length < schemaNode.minItems) {
    report(walk, node.range, path, `${path} needs at least ${schemaNode.minItems} item${schemaNode.minItems === 1 ? '' : 's'}`);
  }
  if (schemaNode.maxItems !== undefined && items.length > schemaNode.maxItems) {
    report(walk, node.range, path, `${path} takes at most ${schemaNode.maxItems} items`);
  }
  return items;
}

function walkObject(walk: Walk, schemaNode: ObjectNode<any>, node: YamlNode | null | undefined, path: string): Record<string, unknown> | undefined {
  const fields = schemaNode.fields as Record<string, SchemaNode>;
  const where = path === '' ? 'the scenario' : path;
  if (!isMap(node)) return report(walk, node?.range, path, `${where} must be a mapping of keys to values, not ${describeNode(node)}`);
  const value: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    if (key === undefined) {
      report(walk, keyNode?.range, path, `keys in ${where} must be plain names`);
      continue;
    }
    const field = fields[key];
    if (field === undefined) {
      const known = Object.keys(fields).join(', ');
      report(walk, keyNode?.range, join(path, key), `unknown key "${key}" in ${where} (known keys: ${known})`);
      continue;
    }
    if (seen.has(key)) {
      report(walk, keyNode?.range, join(path, key), `"${key}" is written twice in ${where}`);
      continue;
    }
    seen.add(key);
    value[key] = walkNode(walk, field, pair.value as YamlNode | null, join(path, key));
  }
  for (const [key, field] of Object.entries(fields)) {
    if (seen.has(key)) continue;
    if (schemaNode.required?.includes(key)) {
      report(walk, node.range ? [node.range[0], node.range[0]] : undefined, join(path, key), `${where} is missing "${key}"`);
    } else {
      value[key] = scalarDefault(field);
    }
  }
  return value;
}

/** Parses YAML text against a schema: the typed value, or every problem found with its position. */
export function parseScenario<Schema extends ObjectNode<any>>(text: string, scenarioSchema: Schema): ScenarioParse<ValueOf<Schema>> {
  const { document, walk } = parseYaml(text);
  if (walk.diagnostics.length === 0) {
    const value = walkObject(walk, scenarioSchema, document.contents as YamlNode | null, '');
    if (walk.diagnostics.length === 0 && value !== undefined) {
      return { ok: true, value: value as ValueOf<Schema>, diagnostics: [] };
    }
  }
  return { ok: false, diagnostics: walk.diagnostics };
}

export function parseYaml(text: string): { document: Document; walk: Walk } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const walk: Walk = { lineCounter, diagnostics: [], textLength: text.length };
  for (const error of document.errors) {
    report(walk, error.pos, '', error.message.split('\n')[0]!);
  }
  return { document, walk };
}
