import { builtinModules } from 'node:module';
import { posix } from 'node:path';

export interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

const importPattern = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
const nodeModules = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function importsOf(text: string): string[] {
  return [...text.matchAll(importPattern)].map((match) => match[1]!);
}

function targetFolder(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(file), specifier)).split('/')[0];
}

/**
 * The layer rules of DESIGN.md: the core never imports electron outside main/app/; the renderer
 * never imports Node modules or the core; common/ is pure; the contract file holds types only.
 */
export function findLayerViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const layer = file.path.split('/')[0];
    for (const specifier of importsOf(file.text)) {
      const electron = specifier === 'electron' || specifier.startsWith('electron/');
      const target = targetFolder(file.path, specifier);
      if (electron && layer !== 'preload' && !file.path.startsWith('main/app/')) {
        violations.push(`${file.path} imports electron; only main/app/ and preload/ may`);
      }
      if ((layer === 'renderer' || layer === 'common') && nodeModules.has(specifier)) {
        violations.push(`${file.path} imports the Node module ${specifier}; ${layer}/ must run in a browser`);
      }
      if ((layer === 'renderer' || layer === 'common') && (target === 'main' || (layer === 'common' && target === 'renderer'))) {
        violations.push(`${file.path} imports ${specifier}; ${layer}/ may use only preload/api.ts and common/`);
      }
      if (layer === 'main' && target === 'renderer') {
        violations.push(`${file.path} imports ${specifier}; the core must not depend on the window`);
      }
    }
    if (file.path === 'preload/api.ts' && /^\s*export\s+(const|let|var|function|class|enum)\b/m.test(file.text)) {
      violations.push('preload/api.ts must hold types only (found a runtime declaration)');
    }
  }
  return violations;
}
