import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { loadLab } from '../lab/labCatalog.ts';
import { instructorFolderName } from '../lab/labFolderLayout.ts';
import { labPackFormat, maxPackBytes, maxPackFileBytes, maxPackFiles, packChecksum, packPathProblem, sha256Hex, type LabPack, type PackFile } from './labPackFormat.ts';

export class PackWriteError extends Error {
  override readonly name = 'PackWriteError';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Buffer): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Every file of the lab folder that a pack carries: not the instructor's folder, nothing hidden. */
function packedPaths(folder: string): string[] {
  const paths: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(directory, entry.name);
      const relativePath = relative(folder, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (relativePath !== instructorFolderName) walk(path);
      } else if (entry.isFile()) {
        paths.push(relativePath);
      }
    }
  };
  walk(folder);
  return paths;
}

export interface PackOptions {
  courseSalt: string;
  createdBy: string;
  createdAt?: string;
}

/**
 * Makes the single file an instructor hands out: the lab folder (validated first, so a pack
 * never carries a lab that would not load) without its `instructor/` folder, each file with its
 * SHA-256, and a checksum over all of them.
 */
export function createLabPack(folder: string, options: PackOptions): { pack: LabPack; text: string } {
  const lab = loadLab(folder);
  const paths = packedPaths(folder);
  if (paths.length > maxPackFiles) throw new PackWriteError(`${folder} has ${paths.length} files; a pack holds at most ${maxPackFiles}`);
  const files: PackFile[] = paths.map((path) => {
    const problem = packPathProblem(path);
    if (problem !== undefined) throw new PackWriteError(`${join(folder, path)}: ${problem}; rename it or move it out of the lab folder`);
    const bytes = readFileSync(join(folder, path));
    if (statSync(join(folder, path)).size > maxPackFileBytes) throw new PackWriteError(`${join(folder, path)} is larger than ${maxPackFileBytes / 1024} KiB`);
    const text = isUtf8(bytes);
    return { path, encoding: text ? 'utf8' : 'base64', content: text ? bytes.toString('utf8') : bytes.toString('base64'), sha256: sha256Hex(bytes) };
  });
  const labId = lab.definition.id;
  const pack: LabPack = {
    format: labPackFormat,
    labId,
    createdAt: options.createdAt ?? new Date().toISOString(),
    createdBy: options.createdBy,
    courseSalt: options.courseSalt,
    files,
    checksum: packChecksum(labId, options.courseSalt, files),
  };
  const text = `${JSON.stringify(pack, null, 2)}\n`;
  if (Buffer.byteLength(text) > maxPackBytes) throw new PackWriteError(`the pack of ${labId} would be ${Math.ceil(Buffer.byteLength(text) / 1024)} KiB; a pack holds at most ${maxPackBytes / 1024} KiB`);
  return { pack, text };
}
