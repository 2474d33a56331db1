// Finds Node's globals (process, Buffer, __dirname, require, global, setImmediate, NodeJS.*)
// in code that must run in a browser, the way VS Code's layer checker does: the files are put in
// a TypeScript program that knows both the DOM and @types/node, every identifier is resolved to
// its symbol, and a symbol declared only by @types/node (nowhere in the DOM or ECMAScript
// libraries) is a use of Node. Unlike a search for names, this sees through shadowing (a local
// `process` is fine) and catches uses that no import names.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { SourceFile } from './layerRuleCheck.ts';

const scriptBlock = /<script\b[^>]*>([\s\S]*?)<\/script>/g;

/** A .vue file's script blocks as TypeScript, everything else blanked, so positions stay where they are. */
function scriptOfVue(text: string): string {
  const blank = (part: string): string => part.replace(/[^\n]/g, ' ');
  let script = '';
  let last = 0;
  for (const match of text.matchAll(scriptBlock)) {
    const start = match.index + match[0].indexOf('>') + 1;
    const end = start + match[1]!.length;
    script += blank(text.slice(last, start)) + text.slice(start, end);
    last = end;
  }
  return script + blank(text.slice(last));
}

function isNodeDeclaration(declaration: ts.Declaration): boolean {
  return /[\\/]node_modules[\\/]@types[\\/]node[\\/]/.test(declaration.getSourceFile().fileName);
}

/**
 * Each use of a Node global in `files` (paths relative to `root`; .vue files are read for their
 * scripts), as `path:line:column uses the Node global NAME`.
 */
export function nodeGlobalUses(files: readonly SourceFile[], root: string): string[] {
  const virtual = new Map<string, string>();
  const displayPath = new Map<string, string>();
  for (const file of files) {
    const fileName = join(root, file.path.endsWith('.vue') ? `${file.path}.ts` : file.path);
    virtual.set(fileName, file.path.endsWith('.vue') ? scriptOfVue(file.text) : file.text);
    displayPath.set(fileName, file.path);
  }
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    // Node's declarations are in the program on purpose: a use of them must resolve, to be seen.
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    strict: true,
  };
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile(fileName);
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists(fileName);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(fileName);
    return text === undefined ? getSourceFile(fileName, languageVersion, onError, shouldCreate) : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  if (!existsSync(join(root, 'node_modules', '@types', 'node'))) throw new Error('@types/node is needed to recognise Node globals');
  const program = ts.createProgram([...virtual.keys()], options, host);
  const checker = program.getTypeChecker();

  const uses: string[] = [];
  for (const fileName of virtual.keys()) {
    const sourceFile = program.getSourceFile(fileName);
    if (sourceFile === undefined) continue;
    const seen = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) return; // imports are the import rule's business
      if (ts.isIdentifier(node) && !isMemberName(node)) {
        let symbol = checker.getSymbolAtLocation(node);
        if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const declarations = symbol?.declarations ?? [];
        if (declarations.length > 0 && declarations.every(isNodeDeclaration)) {
          const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
          const key = `${line}:${node.text}`;
          if (!seen.has(key)) {
            seen.add(key);
            uses.push(`${displayPath.get(fileName)}:${line + 1}:${character + 1} uses the Node global ${node.text}`);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return uses;
}

/** `x.name`, `{ name: … }`, `name()` in a class: names of members, not references to globals. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return true;
  if (ts.isQualifiedName(parent) && parent.right === node) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent)) && parent.name === node) return true;
  return false;
}
