import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import type { Diagnostic, LabDetail, LabSummary } from '../../preload/api.ts';
import { findEngine } from '../engines/engineRegistry.ts';
import { scenarioJsonSchemasOf } from '../scenario/engineScenario.ts';
import { parseScenario } from '../scenario/scenarioValidation.ts';
import { labDefinitionSchema, type LabDefinition } from './labDefinition.ts';

export interface Lab {
  definition: LabDefinition;
  folder: string;
  detail: LabDetail;
}

export class LabContentError extends Error {
  override readonly name = 'LabContentError';
}

/** The labs folder ships beside main/ (source) and beside out/ (built). */
export function defaultLabsDirectory(): string {
  for (const relative of ['../../labs', '../../../labs']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  throw new LabContentError('proclab cannot find its labs folder');
}

function describe(file: string, diagnostics: Diagnostic[]): string {
  return diagnostics.map((diagnostic) => `${file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.message}`).join('\n');
}

function readText(folder: string, name: string): string {
  const path = join(folder, name);
  if (!existsSync(path)) throw new LabContentError(`${path} is missing`);
  return readFileSync(path, 'utf8');
}

export function loadLab(folder: string): Lab {
  const definitionFile = join(folder, 'lab.yaml');
  const parsed = parseScenario(readText(folder, 'lab.yaml'), labDefinitionSchema);
  if (!parsed.ok) throw new LabContentError(describe(definitionFile, parsed.diagnostics));
  const definition = parsed.value;
  const engine = findEngine(definition.engine);
  if (engine === undefined) throw new LabContentError(`${definitionFile}: unknown engine "${definition.engine}"`);
  const instructions = (language: string) => marked.parse(readText(folder, `instructions.${language}.md`), { async: false });
  const detail: LabDetail = {
    id: definition.id,
    title: definition.title,
    summary: definition.summary,
    engine: engine.name,
    instructionsHtml: { en: instructions('en'), 'pt-BR': instructions('pt-BR') },
    defaultScenario: readText(folder, 'scenario.yaml'),
    scenarioJsonSchema: scenarioJsonSchemasOf(engine),
    charts: [...engine.charts],
    tables: [...engine.tables],
    questions: definition.questions,
  };
  return { definition, folder, detail };
}

/**
 * Reads every lab folder once. A broken lab (an instructor's work in progress, say) does not take
 * the others down: it is left out and its problem, with file:line:col, is kept in `problems`.
 */
export class LabCatalog {
  readonly #labs = new Map<string, Lab>();
  readonly problems: string[] = [];

  constructor(directory: string = defaultLabsDirectory()) {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      try {
        const lab = loadLab(join(directory, entry.name));
        if (lab.definition.id !== entry.name) {
          throw new LabContentError(`${join(directory, entry.name, 'lab.yaml')}: id "${lab.definition.id}" must match its folder name`);
        }
        this.#labs.set(lab.definition.id, lab);
      } catch (error) {
        if (!(error instanceof LabContentError)) throw error;
        this.problems.push(error.message);
      }
    }
  }

  list(): LabSummary[] {
    return [...this.#labs.values()].map(({ detail }) => ({ id: detail.id, title: detail.title, summary: detail.summary, engine: detail.engine }));
  }

  get(labId: string): Lab | undefined {
    return this.#labs.get(labId);
  }
}
