import { describe, expect, it } from 'vitest';
import { schema } from '../../../main/scenario/schema.ts';
import { parseScenario } from '../../../main/scenario/scenarioValidation.ts';
import { toJsonSchema } from '../../../main/scenario/jsonSchema.ts';

const docs = (text: string) => ({ en: text, 'pt-BR': `${text} (pt)` });

const testSchema = schema.object({
  description: docs('test'),
  fields: {
    name: schema.string({ description: docs('a name') }),
    load: schema.object({
      description: docs('load'),
      fields: {
        duration: schema.duration({ description: docs('how long'), default: '5s', minimumMs: 100 }),
        connections: schema.integer({ description: docs('clients'), default: 16, minimum: 1, maximum: 100 }),
        size: schema.size({ description: docs('size'), default: '4KiB' }),
      },
    }),
    kind: schema.enumeration({ description: docs('kind'), choices: ['io', 'cpu'], default: 'io' }),
    items: schema.array({ description: docs('items'), items: schema.integer({ description: docs('n') }), minItems: 1 }),
  },
  required: ['name', 'items'],
});

describe('scenario validation', () => {
  it('parses units and fills defaults', () => {
    const parsed = parseScenario('name: a\nitems: [1, 2]\nload:\n  duration: 250ms\n', testSchema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.load).toEqual({ duration: 250, connections: 16, size: 4096 });
    expect(parsed.value.kind).toBe('io');
    expect(parsed.value.items).toEqual([1, 2]);
  });

  it('points at an unknown key with its line and column', () => {
    const parsed = parseScenario('name: a\nitems: [1]\nload:\n  duraton: 2s\n', testSchema);
    expect(parsed.ok).toBe(false);
    expect(parsed.diagnostics).toHaveLength(1);
    expect(parsed.diagnostics[0]).toMatchObject({ line: 4, column: 3, path: 'load.duraton' });
    expect(parsed.diagnostics[0]!.message).toContain('unknown key "duraton"');
  });

  it('rejects a bad unit, a missing unit and a wrong type, each where it is written', () => {
    const parsed = parseScenario('name: a\nitems: [1]\nload:\n  duration: 5 parsecs\n  connections: many\n  size: 12\n', testSchema);
    expect(parsed.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.column, diagnostic.path])).toEqual([
      [4, 13, 'load.duration'],
      [5, 16, 'load.connections'],
      [6, 9, 'load.size'],
    ]);
    expect(parsed.diagnostics[0]!.message).toMatch(/unknown duration unit "parsecs"/);
    expect(parsed.diagnostics[1]!.message).toMatch(/whole number/);
    expect(parsed.diagnostics[2]!.message).toMatch(/needs a unit/);
  });

  it('enforces ranges, enumerations, required keys and list sizes', () => {
    const parsed = parseScenario('kind: gpu\nitems: []\nload:\n  connections: 0\n  duration: 10ms\n', testSchema);
    const messages = parsed.diagnostics.map((diagnostic) => diagnostic.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('kind must be one of io, cpu'),
        expect.stringContaining('items needs at least 1 item'),
        expect.stringContaining('load.connections must be at least 1'),
        expect.stringContaining('load.duration must be at least 100ms'),
        expect.stringContaining('missing "name"'),
      ]),
    );
  });

  it('reports YAML syntax errors with a position', () => {
    const parsed = parseScenario('name: a\nitems: [1\nload: {\n', testSchema);
    expect(parsed.ok).toBe(false);
    expect(parsed.diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('exports the same schema as JSON Schema with docs for the editor', () => {
    const json = toJsonSchema(testSchema) as { properties: Record<string, { properties?: Record<string, Record<string, unknown>> }>; additionalProperties: boolean };
    expect(json.additionalProperties).toBe(false);
    const duration = json.properties.load!.properties!.duration!;
    expect(duration).toMatchObject({ type: 'string', description: 'how long', markdownDescription: 'how long', default: '5s' });
    expect(new RegExp(duration.pattern as string).test('250ms')).toBe(true);
    expect(new RegExp(duration.pattern as string).test('250')).toBe(false);
  });

  it('writes the JSON Schema in the language asked for: descriptions, choices and pattern messages', () => {
    type Node = { description: string; patternErrorMessage?: string; markdownEnumDescriptions?: string[]; properties?: Record<string, Node> };
    const bilingual = schema.object({
      description: { en: 'root', 'pt-BR': 'raiz' },
      fields: {
        wait: schema.duration({ description: { en: 'how long', 'pt-BR': 'quanto tempo' }, default: '1s' }),
        kind: schema.enumeration({
          description: { en: 'kind', 'pt-BR': 'tipo' },
          choices: ['io', 'cpu'],
          choiceDescriptions: { io: { en: 'waits', 'pt-BR': 'espera' } },
        }),
      },
    });
    const english = toJsonSchema(bilingual, 'en') as Node;
    const portuguese = toJsonSchema(bilingual, 'pt-BR') as Node;
    expect(english.properties!.wait).toMatchObject({ description: 'how long', patternErrorMessage: 'a duration like 250ms or 5s' });
    expect(portuguese.properties!.wait).toMatchObject({ description: 'quanto tempo', markdownDescription: 'quanto tempo', patternErrorMessage: 'uma duração como 250ms ou 5s' });
    expect(portuguese.properties!.kind!.markdownEnumDescriptions).toEqual(['espera', '']);
    expect(english.properties!.kind!.markdownEnumDescriptions).toEqual(['waits', '']);
    expect(portuguese.description).toBe('raiz');
  });
});
