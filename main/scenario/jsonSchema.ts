import type { Language } from '../../preload/api.ts';
import { fieldDescription, type SchemaNode } from './schema.ts';
import { durationPattern, sizePattern } from './units.ts';

type JsonSchema = Record<string, unknown>;

const patternMessages: Record<Language, { duration: string; size: string }> = {
  en: { duration: 'a duration like 250ms or 5s', size: 'a size like 4KiB or 64MiB' },
  'pt-BR': { duration: 'uma duração como 250ms ou 5s', size: 'um tamanho como 4KiB ou 64MiB' },
};

/** The same schema as JSON Schema (draft-07) in one language, for the editor's completion, hover and checks. */
export function toJsonSchema(node: SchemaNode, language: Language = 'en'): JsonSchema {
  const description = fieldDescription(node, language);
  const docs = { description, markdownDescription: description };
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
        markdownEnumDescriptions: node.choices.map((choice) => {
          const choiceText = node.choiceDescriptions?.[choice];
          return choiceText === undefined ? '' : (choiceText[language] ?? choiceText.en);
        }),
        default: node.default,
      };
    case 'duration':
      return { ...docs, type: 'string', pattern: durationPattern, patternErrorMessage: patternMessages[language].duration, default: node.default };
    case 'size':
      return { ...docs, type: 'string', pattern: sizePattern, patternErrorMessage: patternMessages[language].size, default: node.default };
    case 'array':
      return { ...docs, type: 'array', items: toJsonSchema(node.items, language), minItems: node.minItems, maxItems: node.maxItems };
    case 'object': {
      const fields = node.fields as Record<string, SchemaNode>;
      const properties: Record<string, JsonSchema> = {};
      for (const [key, field] of Object.entries(fields)) properties[key] = toJsonSchema(field, language);
      return { ...docs, type: 'object', properties, required: node.required ? [...node.required] : undefined, additionalProperties: false };
    }
  }
}

/** Drops `undefined` members so the schema is clean JSON. */
export function scenarioJsonSchema(node: SchemaNode, title: string, language: Language = 'en'): JsonSchema {
  return JSON.parse(JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title, ...toJsonSchema(node, language) })) as JsonSchema;
}
