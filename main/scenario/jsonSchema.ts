import type { SchemaNode } from './schema.ts';
import { durationPattern, sizePattern } from './units.ts';

type JsonSchema = Record<string, unknown>;

/** The same schema as JSON Schema (draft-07), for the editor's completion, hover and checks. */
export function toJsonSchema(node: SchemaNode): JsonSchema {
  const docs = { description: node.description, markdownDescription: node.description };
  switch (node.kind) {
    case 'integer':
    case 'number':
      return { ...docs, type: node.kind, minimum: node.minimum, maximum: node.maximum, default: node.default };
    case 'boolean':
      return { ...docs, type: 'boolean', default: node.default };
    case 'string':
      return { ...docs, type: 'string', pattern: node.pattern, default: node.default };
    case 'scalar':
      return { ...docs, type: ['string', 'number', 'boolean'], default: node.default };
    case 'enum':
      return {
        ...docs,
        type: 'string',
        enum: [...node.choices],
        markdownEnumDescriptions: node.choices.map((choice) => node.choiceDescriptions?.[choice] ?? ''),
        default: node.default,
      };
    case 'duration':
      return { ...docs, type: 'string', pattern: durationPattern, patternErrorMessage: 'a duration like 250ms or 5s', default: node.default };
    case 'size':
      return { ...docs, type: 'string', pattern: sizePattern, patternErrorMessage: 'a size like 4KiB or 64MiB', default: node.default };
    case 'array':
      return { ...docs, type: 'array', items: toJsonSchema(node.items), minItems: node.minItems, maxItems: node.maxItems };
    case 'object': {
      const fields = node.fields as Record<string, SchemaNode>;
      const properties: Record<string, JsonSchema> = {};
      for (const [key, field] of Object.entries(fields)) properties[key] = toJsonSchema(field);
      return { ...docs, type: 'object', properties, required: node.required ? [...node.required] : undefined, additionalProperties: false };
    }
  }
}

/** Drops `undefined` members so the schema is clean JSON. */
export function scenarioJsonSchema(node: SchemaNode, title: string): JsonSchema {
  return JSON.parse(JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title, ...toJsonSchema(node) })) as JsonSchema;
}
