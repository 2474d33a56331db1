import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import type { Diagnostic, LabDetail, LabOrigin, LabSummary } from '../../preload/api.ts';
import { findEngine } from '../engines/engineRegistry.ts';
import { parseEngineScenario, scenarioJsonSchemasOf } from '../scenario/engineScenario.ts';
import { parseScenario } from '../scenario/scenarioValidation.ts';
import { courseSaltFileName, hiddenChecksFileName, importedManifestName, instructorFolderName, type ImportedManifest } from './labFolderLayout.ts';
import { hiddenChecksSchema, labDefinitionSchema, type LabCheck, type LabDefinition } from './labDefinition.ts';
import { formatLabProblem, hiddenCheckProblems, labDefinitionProblems, type LabProblem } from './labSemantics.ts';
import { variableChoices } from './labVariants.ts';
import { yamlPathPosition, type TextPosition } from './yamlPositions.ts';

export interface Lab {
  definition: LabDefinition;
  folder: string;
  detail: LabDetail;
  origin: LabOrigin;
  /** The course salt variants are derived with; '' for a lab without one. */
  courseSalt: string;
  /** Checks only the instructor's copy holds (instructor/hidden-checks.yaml); never run for students. */
  hiddenChecks: LabCheck[];
}

export class LabContentError extends Error {
  override readonly name = 'LabContentError';
  readonly problems: readonly LabProblem[];
  constructor(problems: readonly LabProblem[]) {
    super(problems.map(formatLabProblem).join('\n'));
    this.problems = problems;
  }
}

function contentError(file: string, message: string, position: TextPosition = { line: 1, column: 1 }): LabContentError {
  return new LabContentError([{ file, ...position, message }]);
}

/** The labs folder ships beside main/ (source) and beside out/ (built). */
export function defaultLabsDirectory(): string {
  for (const relative of ['../../labs', '../../../labs']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('proclab cannot find its labs folder');
}

function toProblems(file: string, diagnostics: readonly Diagnostic[]): LabProblem[] {
  return diagnostics.map((diagnostic) => ({ file, line: diagnostic.line, column: diagnostic.column, message: diagnostic.message }));
}

function readText(folder: string, name: string): string {
  const path = join(folder, name);
  if (!existsSync(path)) throw new LabContentError([{ file: path, line: 0, column: 0, message: 'is missing' }]);
  return readFileSync(path, 'utf8');
}

function readCourseSalt(folder: string, origin: LabOrigin): string {
  if (origin === 'imported') {
    const manifestPath = join(folder, importedManifestName);
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<ImportedManifest>;
      return typeof manifest.courseSalt === 'string' ? manifest.courseSalt : '';
    } catch {
      throw contentError(manifestPath, 'the imported lab’s manifest is missing or damaged; import its pack again');
    }
  }
  const saltPath = join(folder, instructorFolderName, courseSaltFileName);
  return existsSync(saltPath) ? readFileSync(saltPath, 'utf8').trim() : '';
}

function readHiddenChecks(folder: string, publicChecks: readonly LabCheck[]): LabCheck[] {
  const file = join(folder, instructorFolderName, hiddenChecksFileName);
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const parsed = parseScenario(text, hiddenChecksSchema);
  if (!parsed.ok) throw new LabContentError(toProblems(file, parsed.diagnostics));
  const problems = hiddenCheckProblems(file, text, parsed.value.checks, publicChecks);
  if (problems.length > 0) throw new LabContentError(problems);
  return parsed.value.checks;
}

/**
 * Reads and validates one lab folder. Every problem comes back with file:line:col, like a
 * scenario's: lab.yaml against its schema, scenario.yaml against the engine's, ids, variables
 * and hidden checks.
 */
export function loadLab(folder: string, origin: LabOrigin = 'shipped'): Lab {
  const definitionFile = join(folder, 'lab.yaml');
  const definitionText = readText(folder, 'lab.yaml');
  const parsed = parseScenario(definitionText, labDefinitionSchema);
  if (!parsed.ok) throw new LabContentError(toProblems(definitionFile, parsed.diagnostics));
  const definition = parsed.value;
  const engine = findEngine(definition.engine);
  if (engine === undefined) throw contentError(definitionFile, `unknown engine "${definition.engine}"`, yamlPathPosition(definitionText, ['engine']));
  const scenarioFile = join(folder, 'scenario.yaml');
  const defaultScenario = readText(folder, 'scenario.yaml');
  const scenario = parseEngineScenario(defaultScenario, engine.name);
  if (!scenario.ok) throw new LabContentError(toProblems(scenarioFile, scenario.diagnostics));
  const problems = labDefinitionProblems(definitionFile, definitionText, definition, engine.name, defaultScenario);
  if (problems.length > 0) throw new LabContentError(problems);
  const instructions = (language: string) => marked.parse(readText(folder, `instructions.${language}.md`), { async: false });
  const detail: LabDetail = {
    id: definition.id,
    title: definition.title,
    summary: definition.summary,
    engine: engine.name,
    origin,
    instructionsHtml: { en: instructions('en'), 'pt-BR': instructions('pt-BR') },
    defaultScenario,
    scenarioJsonSchema: scenarioJsonSchemasOf(engine),
    charts: [...engine.charts],
    tables: [...engine.tables],
    questions: definition.questions.map((question) => ({ id: question.id, text: question.text })),
    variables: definition.variables.map((variable) => ({ id: variable.id, path: variable.path, title: variable.title, choices: variableChoices(variable).length })),
  };
  return { definition, folder, detail, origin, courseSalt: readCourseSalt(folder, origin), hiddenChecks: readHiddenChecks(folder, definition.checks) };
}

export interface LabCatalogOptions {
  /** Where imported lab packs are installed (see main/platform/proclabFolders.ts); absent: none. */
  userLabsDirectory?: string;
}

/**
 * Reads every lab folder: the labs proclab ships, then the ones imported from packs. A broken
 * lab (an instructor's work in progress, a damaged import) does not take the others down: it is
 * left out and its problem, with file:line:col, is kept in `problems`.
 */
export class LabCatalog {
  readonly #labs = new Map<string, Lab>();
  readonly problems: string[] = [];
  readonly directory: string;
  readonly userLabsDirectory: string | undefined;

  constructor(directory: string = defaultLabsDirectory(), options: LabCatalogOptions = {}) {
    this.directory = directory;
    this.userLabsDirectory = options.userLabsDirectory;
    this.reload();
  }

  /** Reads the folders again (after an import). */
  reload(): void {
    this.#labs.clear();
    this.problems.length = 0;
    this.#readFolder(this.directory, 'shipped');
    if (this.userLabsDirectory !== undefined && existsSync(this.userLabsDirectory) && statSync(this.userLabsDirectory).isDirectory()) {
      this.#readFolder(this.userLabsDirectory, 'imported');
    }
  }

  #readFolder(directory: string, origin: LabOrigin): void {
    const entries = readdirSync(directory, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'));
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const folder = join(directory, entry.name);
      try {
        const lab = loadLab(folder, origin);
        const idAt = (): TextPosition => yamlPathPosition(readFileSync(join(folder, 'lab.yaml'), 'utf8'), ['id']);
        if (lab.definition.id !== entry.name) throw contentError(join(folder, 'lab.yaml'), `id "${lab.definition.id}" must match its folder name`, idAt());
        if (this.#labs.has(lab.definition.id)) throw contentError(join(folder, 'lab.yaml'), `a lab "${lab.definition.id}" ships with proclab; an imported lab cannot replace it`, idAt());
        this.#labs.set(lab.definition.id, lab);
      } catch (error) {
        if (!(error instanceof LabContentError)) {
          // An unreadable folder is a broken lab too, never a broken catalog.
          this.problems.push(`${folder}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        this.problems.push(error.message);
      }
    }
  }

  list(): LabSummary[] {
    return [...this.#labs.values()].map(({ detail }) => ({ id: detail.id, title: detail.title, summary: detail.summary, engine: detail.engine, origin: detail.origin }));
  }

  get(labId: string): Lab | undefined {
    return this.#labs.get(labId);
  }

  /** The first lab (shipped ones first) whose engine runs the given engine's scenarios. */
  forEngine(engineName: string): Lab | undefined {
    return [...this.#labs.values()].find((lab) => lab.definition.engine === engineName);
  }
}
