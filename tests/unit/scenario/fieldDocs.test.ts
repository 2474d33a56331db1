import { describe, expect, it } from 'vitest';
import { engineNames, findEngine } from '../../../main/engines/engineRegistry.ts';
import { labDefinitionSchema } from '../../../main/lab/labDefinition.ts';
import { scenarioJsonSchemaOf, scenarioSchemaOf } from '../../../main/scenario/engineScenario.ts';
import { fieldDescription, type SchemaNode } from '../../../main/scenario/schema.ts';
import type { LocalizedText } from '../../../preload/api.ts';

/** Every node of a schema with its dotted path, and every choice description of its enumerations. */
function documentedTexts(node: SchemaNode, path = ''): { path: string; text: LocalizedText }[] {
  const own = [{ path: path === '' ? '(root)' : path, text: node.description }];
  if (node.kind === 'enum') {
    for (const [choice, text] of Object.entries(node.choiceDescriptions ?? {})) own.push({ path: `${path} = ${choice}`, text: text as LocalizedText });
  }
  if (node.kind === 'object') {
    for (const [key, child] of Object.entries(node.fields as Record<string, SchemaNode>)) own.push(...documentedTexts(child, path === '' ? key : `${path}.${key}`));
  }
  if (node.kind === 'array') own.push(...documentedTexts(node.items as SchemaNode, `${path}[]`));
  return own;
}

const schemas: [string, SchemaNode][] = [...engineNames().map((name): [string, SchemaNode] => [name, scenarioSchemaOf(findEngine(name)!)]), ['lab.yaml', labDefinitionSchema]];

describe('scenario field documentation', () => {
  it.each(schemas)('%s: every field and choice is described in English and in Brazilian Portuguese', (_name, root) => {
    const problems: string[] = [];
    for (const { path, text } of documentedTexts(root)) {
      if (typeof text.en !== 'string' || text.en.trim() === '') problems.push(`${path}: no English`);
      if (typeof text['pt-BR'] !== 'string' || text['pt-BR'].trim() === '') problems.push(`${path}: no Portuguese`);
      else if (text['pt-BR'] === text.en) problems.push(`${path}: the Portuguese is the English`);
    }
    expect(problems).toEqual([]);
  });

  it('gives the editor a JSON Schema per language, whose hover text is that language\'s description', () => {
    const engine = findEngine('vm-migration')!;
    type Node = { description: string; properties?: Record<string, Node>; items?: Node };
    const portuguese = scenarioJsonSchemaOf(engine, 'pt-BR') as Node;
    const english = scenarioJsonSchemaOf(engine, 'en') as Node;
    const memory = (schema: Node) => schema.properties!.guest!.properties!.memory!.description;
    expect(memory(english)).toContain('Guest memory');
    expect(memory(portuguese)).toContain('Memória do convidado');
    expect(portuguese.properties!.strategies!.items!.properties!.strategy!.description).toBe(
      fieldDescription((engine.scenarioSchema.fields as Record<string, SchemaNode & { items: SchemaNode & { fields: Record<string, SchemaNode> } }>).strategies!.items.fields.strategy!, 'pt-BR'),
    );
    // Validation still reads the same structure: only the words differ.
    const shape = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema, (key, value) => (/description|title|patternErrorMessage/i.test(key) ? undefined : value)));
    expect(shape(portuguese)).toEqual(shape(english));
  });
});
