import { isMap, isScalar, type LineCounter, type Node as YamlNode } from 'yaml';
import type { Diagnostic, Language } from '../../preload/api.ts';
import type { Engine } from '../engines/engine.ts';
import { engineNames, findEngine } from '../engines/engineRegistry.ts';
import { scenarioJsonSchema } from './jsonSchema.ts';
import { schema, type ObjectNode } from './schema.ts';
import { parseScenario, parseYaml } from './scenarioValidation.ts';

export type EngineScenarioParse =
  | { ok: true; engine: Engine; value: Record<string, unknown> }
  | { ok: false; diagnostics: Diagnostic[] };

const schemaCache = new Map<string, ObjectNode<any>>();

/** The scenario schema of an engine: its own fields under an `engine:` key naming it. */
export function scenarioSchemaOf(engine: Engine): ObjectNode<any> {
  let full = schemaCache.get(engine.name);
  if (full === undefined) {
    full = schema.object({
      description: engine.scenarioSchema.description,
      fields: {
        engine: schema.enumeration({
          description: { en: 'Which kind of lab this scenario is for.', 'pt-BR': 'O tipo de laboratório a que este cenário se destina.' },
          choices: [engine.name],
        }),
        ...engine.scenarioSchema.fields,
      },
      required: ['engine', ...(engine.scenarioSchema.required ?? [])],
    });
    schemaCache.set(engine.name, full);
  }
  return full;
}

export function scenarioJsonSchemaOf(engine: Engine, language: Language = 'en'): Record<string, unknown> {
  const title = language === 'pt-BR' ? `cenário ${engine.name} do proclab` : `proclab ${engine.name} scenario`;
  return scenarioJsonSchema(scenarioSchemaOf(engine), title, language);
}

/** The schema in every UI language, so the editor's help can follow a language switch at once. */
export function scenarioJsonSchemasOf(engine: Engine): Record<Language, Record<string, unknown>> {
  return { en: scenarioJsonSchemaOf(engine, 'en'), 'pt-BR': scenarioJsonSchemaOf(engine, 'pt-BR') };
}

/**
 * Validates scenario text. The engine is the one named in the text's `engine:` key; when
 * `expectedEngine` is given (a lab's editor), a scenario naming another engine is an error.
 */
export function parseEngineScenario(text: string, expectedEngine?: string): EngineScenarioParse {
  const { document, walk } = parseYaml(text);
  if (walk.diagnostics.length > 0) return { ok: false, diagnostics: walk.diagnostics };
  const root = document.contents as YamlNode | null;
  const engineName = isMap(root) ? root.get('engine', true) : undefined;
  const at = (node: YamlNode | null | undefined, message: string): EngineScenarioParse => {
    const start = node?.range?.[0] ?? 0;
    const end = node?.range?.[1] ?? start;
    const startPosition = walk.lineCounter.linePos(start);
    const endPosition = walk.lineCounter.linePos(end);
    return {
      ok: false,
      diagnostics: [{ severity: 'error', message, path: 'engine', line: startPosition.line, column: startPosition.col, endLine: endPosition.line, endColumn: Math.max(endPosition.col, startPosition.col + 1) }],
    };
  };
  const known = engineNames().join(', ');
  if (!isScalar(engineName) || typeof engineName.value !== 'string') {
    return at(isMap(root) ? root : null, `the scenario must start with "engine: NAME" (one of ${known})`);
  }
  const engine = findEngine(engineName.value);
  if (engine === undefined) return at(engineName, `unknown engine "${engineName.value}" (one of ${known})`);
  if (expectedEngine !== undefined && engine.name !== expectedEngine) {
    return at(engineName, `this lab runs "engine: ${expectedEngine}", not "${engine.name}"`);
  }
  const parsed = parseScenario(text, scenarioSchemaOf(engine));
  if (!parsed.ok) return parsed;
  const problems = engine.checkScenario?.(parsed.value) ?? [];
  if (problems.length > 0) {
    return { ok: false, diagnostics: problems.map((problem) => diagnosticAt(document, walk.lineCounter, problem.path, problem.message)) };
  }
  return { ok: true, engine, value: parsed.value as Record<string, unknown> };
}

/** A problem at a scenario path: where that value is written, or where the nearest mapping above it is. */
function diagnosticAt(document: ReturnType<typeof parseYaml>['document'], lineCounter: LineCounter, path: string, message: string): Diagnostic {
  const keys = path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  let node: YamlNode | null | undefined;
  for (let depth = keys.length; depth >= 0 && (node === undefined || node === null || node.range === undefined); depth -= 1) {
    node = depth === 0 ? (document.contents as YamlNode | null) : (document.getIn(keys.slice(0, depth), true) as YamlNode | undefined);
  }
  const start = node?.range?.[0] ?? 0;
  const end = node?.range?.[1] ?? start;
  const startPosition = lineCounter.linePos(start);
  const endPosition = lineCounter.linePos(end);
  return { severity: 'error', message, path, line: startPosition.line, column: startPosition.col, endLine: endPosition.line, endColumn: Math.max(endPosition.col, startPosition.col + 1) };
}
