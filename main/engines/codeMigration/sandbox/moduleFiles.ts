// The files a module needs to load: itself and every module it imports by a relative path, found
// by reading them. The sandbox is granted read access to exactly these (Node's permission model
// checks module loading like any other read), not to the folder they sit in.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const relativeImport = /(?:\bimport\s*(?:[\w*{}\s,]+\s*from\s*)?|\bexport\s*[\w*{}\s,]+\s*from\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

export function moduleFiles(entryPath: string): string[] {
  const seen = new Set<string>();
  const pending = [resolve(entryPath)];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(relativeImport)) pending.push(resolve(dirname(path), match[1]!));
  }
  return [...seen].sort();
}
