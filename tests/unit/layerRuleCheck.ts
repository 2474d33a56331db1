import { builtinModules } from 'node:module';
import { posix } from 'node:path';

export interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

/** One import that breaks a rule: the key (`file -> target`) names it in an allow-list. */
export interface LayerViolation {
  file: string;
  target: string;
  message: string;
}

const importPattern = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
const nodeModules = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function importsOf(text: string): string[] {
  return [...text.matchAll(importPattern)].map((match) => match[1]!);
}

function resolve(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}

/**
 * The engine interface: what an engine implements (engine.ts), what its entry file declares
 * (engineSurface.ts) and the tool commands it may declare there (toolCommand.ts).
 */
const engineInterfaceFiles = new Set(['engine.ts', 'engineSurface.ts', 'toolCommand.ts']);

/**
 * The layers of the source tree. Engines are one layer each (`engine:<folder>`), so that one
 * engine reaching into another is a different layer, like any other crossing.
 */
export function layerOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'main') return parts[0]!;
  if (parts[1] === 'engines') {
    if (parts.length === 3) return engineInterfaceFiles.has(parts[2]!) ? 'engine-interface' : parts[2] === 'engineRegistry.ts' ? 'engine-registry' : 'engines';
    return `engine:${parts[2]}`;
  }
  return parts[1]!;
}

interface LayerRule {
  /** What the layer may import besides itself; `engine-entry` is an engine's entry file (what the registry imports). */
  mayImport: readonly string[];
  /** Said in the message when the rule is broken. */
  says: string;
}

const contract = 'contract';

/**
 * The layer matrix: each row lists what a layer may import. Anything not in its row is a
 * violation. `contract` is preload/api.ts (types only); `common` holds code shared with the window.
 */
export const layerMatrix: Record<string, LayerRule> = {
  engine: {
    mayImport: ['engine-interface', 'scenario', 'measure', 'platform', 'toolkit', 'network', 'protocols', 'abstractMachine', 'http', 'workload', contract],
    says: 'an engine may import only the engine interface, scenario/, measure/, platform/, toolkit/, network/, protocols/, abstractMachine/, http/, workload/ and the contract types — never another engine or the core around it',
  },
  // platform/ for the type of an entry module, which an engine's entry file declares.
  'engine-interface': { mayImport: ['scenario', 'platform', contract], says: 'the engine interface depends only on scenario/, platform/ and the contract' },
  'engine-registry': { mayImport: ['engine-interface', 'engine-entry'], says: 'the registry imports each engine’s entry file and nothing else' },
  toolkit: { mayImport: ['platform', contract], says: 'the toolkit is plain Node: platform/ and the contract types at most' },
  platform: { mayImport: [contract], says: 'platform/ wraps Node and the operating system and depends on no other layer' },
  measure: { mayImport: ['platform', contract], says: 'measure/ is computation and the instruments that measure (the HTTP load generator); platform/ at most' },
  http: { mayImport: [contract], says: 'http/ is HTTP/1.1 messages and a served connection: plain Node' },
  workload: { mayImport: ['measure', contract], says: 'workload/ is what a request costs a server; it draws from measure/ at most' },
  // Shared folders engines use (links and proxies, wire protocols): they never import an engine.
  network: { mayImport: ['platform', 'toolkit', contract], says: 'network/ holds links and proxies any engine may use; it imports no engine' },
  protocols: { mayImport: ['platform', 'toolkit', 'network', contract], says: 'protocols/ holds wire protocols any engine may use; it imports no engine' },
  abstractMachine: { mayImport: [contract], says: 'abstractMachine/ is a machine any engine may run programs on; it imports no engine and no Node service beyond hashing' },
  scenario: { mayImport: ['engine-interface', 'engine-registry', contract, 'common'], says: 'scenario/ knows engines only through their interface and the registry' },
  lab: { mayImport: ['engine-registry', 'scenario', contract, 'common'], says: 'lab/ reads lab folders; it knows engines only through the registry' },
  store: { mayImport: [contract, 'common'], says: 'store/ owns SQL and knows nothing of runs in progress or faces' },
  report: { mayImport: [contract, 'common', 'platform'], says: 'report/ renders recorded runs and knows nothing of engines or faces' },
  runs: { mayImport: ['engine-interface', 'lab', 'store', 'platform', 'measure', contract, 'common'], says: 'runs/ drives an engine through its interface' },
  packs: { mayImport: ['lab', 'scenario', 'platform', contract, 'common'], says: 'packs/ writes and installs lab packs; it knows labs through lab/ and nothing of runs or faces' },
  verify: { mayImport: ['lab', 'report', 'scenario', 'platform', contract, 'common'], says: 'verify/ checks an exported report against its own data with the lab and report code; it knows no store, run or face' },
  grading: { mayImport: ['verify', 'lab', 'report', 'scenario', contract, 'common'], says: 'grading/ scores verified reports; it knows no store, run or face' },
  service: {
    mayImport: ['lab', 'packs', 'verify', 'grading', 'platform', 'report', 'runs', 'scenario', 'store', contract, 'common'],
    says: 'the service is the one implementation of the contract (and of the instructor’s tools); it knows no face',
  },
  browser: { mayImport: ['service', 'platform', contract, 'common'], says: 'browser mode is a face: it carries the contract and nothing else' },
  app: { mayImport: ['service', 'browser', 'platform', contract, 'common'], says: 'the desktop face carries the contract and nothing else' },
  cli: {
    // `proclab serve` starts browser mode, so the CLI may start that face.
    mayImport: ['service', 'scenario', 'engine-registry', 'engine-entry', 'browser', 'platform', contract, 'common'],
    says: 'the CLI may import only service/, scenario/, the engine registry and engines’ entry files (and browser/ for `serve`)',
  },
  common: { mayImport: [contract], says: 'common/ runs in the window and in Node alike: it may use only preload/api.ts' },
  renderer: { mayImport: [contract, 'common'], says: 'the window may use only preload/api.ts and common/' },
  preload: { mayImport: ['common'], says: 'the preload exposes the contract through common/ and nothing else' },
};

/** The files the registry imports: each engine's entry file. */
function engineEntries(files: readonly SourceFile[]): Set<string> {
  const registry = files.find((file) => file.path === 'main/engines/engineRegistry.ts');
  if (registry === undefined) return new Set();
  return new Set(importsOf(registry.text).map((specifier) => resolve(registry.path, specifier)).filter((target) => target !== undefined && layerOf(target).startsWith('engine:')) as string[]);
}

function ruleOf(layer: string): LayerRule | undefined {
  return layerMatrix[layer.startsWith('engine:') ? 'engine' : layer];
}

/** Which cells of the matrix an import lands in. */
function targetKinds(target: string, entries: Set<string>): string[] {
  const layer = target === 'preload/api.ts' ? contract : layerOf(target);
  return entries.has(target) ? [layer, 'engine-entry'] : [layer];
}

/**
 * The layer rules of DESIGN.md as a matrix, over import strings: who may import whom; the core
 * never imports electron outside main/app/; the window and common/ never import Node modules;
 * the contract file holds types only. (Node globals are checked by nodeGlobalUses, with the
 * TypeScript checker.)
 */
export function findLayerViolations(files: readonly SourceFile[]): LayerViolation[] {
  const violations: LayerViolation[] = [];
  const entries = engineEntries(files);
  for (const file of files) {
    const layer = layerOf(file.path);
    const rule = ruleOf(layer);
    for (const specifier of importsOf(file.text)) {
      const electron = specifier === 'electron' || specifier.startsWith('electron/');
      if (electron && layer !== 'preload' && layer !== 'app') {
        violations.push({ file: file.path, target: specifier, message: `${file.path} imports electron; only main/app/ and preload/ may` });
      }
      if ((layer === 'renderer' || layer === 'common') && nodeModules.has(specifier)) {
        violations.push({ file: file.path, target: specifier, message: `${file.path} imports the Node module ${specifier}; ${layer}/ must run in a browser` });
      }
      const target = resolve(file.path, specifier);
      if (target === undefined || rule === undefined) continue;
      const targetLayer = layerOf(target);
      if (targetLayer === layer) continue;
      if (targetKinds(target, entries).some((kind) => rule.mayImport.includes(kind))) continue;
      const what = targetLayer.startsWith('engine:') && layer.startsWith('engine:') ? 'another engine' : target;
      violations.push({ file: file.path, target, message: `${file.path} imports ${what === target ? specifier : `${specifier} (${what})`}; ${rule.says}` });
    }
    if (file.path === 'preload/api.ts' && /^\s*export\s+(const|let|var|function|class|enum)\b/m.test(file.text)) {
      violations.push({ file: file.path, target: file.path, message: 'preload/api.ts must hold types only (found a runtime declaration)' });
    }
  }
  return violations;
}

/** How an allow-list names a violation. */
export function violationKey(violation: LayerViolation): string {
  return `${violation.file} -> ${violation.target}`;
}
