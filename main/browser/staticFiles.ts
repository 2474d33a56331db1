import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The built renderer: out/renderer from source (main/browser/) or from the bundle (out/main/). */
export function rendererDirectory(): string {
  for (const relative of ['../../out/renderer', '../renderer', '../../renderer']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  throw new Error('the proclab window is not built yet: run `npm run build` first');
}

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** Reads a file below the root; anything outside it (`..`, absolute paths) is simply not found. */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return undefined;
  }
  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const path = normalize(join(root, relativePath));
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    return { body: await readFile(path), contentType: contentTypes[extname(path)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}
