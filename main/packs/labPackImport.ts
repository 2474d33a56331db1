import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LabOrigin } from '../../preload/api.ts';
import { LabContentError, loadLab, type Lab } from '../lab/labCatalog.ts';
import { importedManifestName, type ImportedManifest } from '../lab/labFolderLayout.ts';
import type { LabProblem } from '../lab/labSemantics.ts';
import { yamlPathPosition, type TextPosition } from '../lab/yamlPositions.ts';
import {
  labPackFormat,
  maxPackBytes,
  maxPackFileBytes,
  maxPackFiles,
  packChecksum,
  packPathProblem,
  sha256Hex,
  type LabPack,
  type PackFile,
} from './labPackFormat.ts';

/** A pack that cannot be imported, with every problem found as file:line:col. */
export class PackImportError extends Error {
  override readonly name = 'PackImportError';
  readonly problems: readonly LabProblem[];
  constructor(problems: readonly LabProblem[]) {
    super(problems.map((problem) => `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`).join('\n'));
    this.problems = problems;
  }
}

function jsonErrorPosition(text: string, message: string): TextPosition {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (!position) return { line: 1, column: 1 };
  const before = text.slice(0, Number(position[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads a pack's text without trusting any of it: JSON, format, every member's type, every file
 * path, each file's hash and the checksum. Positions point into the pack file itself (JSON is
 * YAML, so the scenario tools find them).
 */
export function readLabPack(text: string, label: string): LabPack {
  const problems: LabProblem[] = [];
  const at = (path: (string | number)[], message: string): void => {
    problems.push({ file: label, ...yamlPathPosition(text, path), message });
  };
  if (Buffer.byteLength(text) > maxPackBytes) throw new PackImportError([{ file: label, line: 1, column: 1, message: `a pack holds at most ${maxPackBytes / 1024} KiB` }]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PackImportError([{ file: label, ...jsonErrorPosition(text, message), message: `not a lab pack (the file is not JSON: ${message.split('\n')[0]})` }]);
  }
  if (!isRecord(value)) throw new PackImportError([{ file: label, line: 1, column: 1, message: 'not a lab pack (expected a JSON object)' }]);
  if (value.format !== labPackFormat) {
    at(['format'], `not a lab pack this proclab reads (format ${JSON.stringify(value.format)}; expected "${labPackFormat}")`);
    throw new PackImportError(problems);
  }
  for (const key of ['labId', 'createdAt', 'createdBy', 'courseSalt', 'checksum'] as const) {
    if (typeof value[key] !== 'string') at([key], `${key} must be text`);
  }
  if (typeof value.labId === 'string' && !/^[a-z0-9-]{1,64}$/.test(value.labId)) at(['labId'], 'labId must be a lab identifier like "my-lab"');
  const files = value.files;
  if (!Array.isArray(files)) {
    at(['files'], 'files must be a list');
    throw new PackImportError(problems);
  }
  if (files.length > maxPackFiles) at(['files'], `a pack holds at most ${maxPackFiles} files`);
  const seen = new Set<string>();
  const checked: PackFile[] = [];
  files.forEach((file: unknown, index) => {
    if (!isRecord(file)) return at(['files', index], 'each file must be an object {path, encoding, content, sha256}');
    const { path, encoding, content, sha256 } = file;
    if (typeof path !== 'string') return at(['files', index, 'path'], 'path must be text');
    const pathProblem = packPathProblem(path);
    if (pathProblem !== undefined) return at(['files', index, 'path'], pathProblem);
    if (seen.has(path)) return at(['files', index, 'path'], `"${path}" is in the pack twice`);
    seen.add(path);
    if (encoding !== 'utf8' && encoding !== 'base64') return at(['files', index, 'encoding'], 'encoding must be "utf8" or "base64"');
    if (typeof content !== 'string') return at(['files', index, 'content'], 'content must be text');
    if (typeof sha256 !== 'string') return at(['files', index, 'sha256'], 'sha256 must be text');
    const bytes = Buffer.from(content, encoding);
    if (bytes.length > maxPackFileBytes) return at(['files', index, 'content'], `a file holds at most ${maxPackFileBytes / 1024} KiB`);
    if (sha256Hex(bytes) !== sha256) return at(['files', index, 'sha256'], `${path} is damaged: its content does not match its SHA-256`);
    checked.push({ path, encoding, content, sha256 });
  });
  if (problems.length > 0) throw new PackImportError(problems);
  for (const required of ['lab.yaml', 'scenario.yaml', 'instructions.en.md', 'instructions.pt-BR.md']) {
    if (!seen.has(required)) at(['files'], `the pack has no ${required}`);
  }
  const pack = value as unknown as LabPack;
  if (problems.length === 0 && packChecksum(pack.labId, pack.courseSalt, checked) !== pack.checksum) {
    at(['checksum'], 'the pack is damaged or was changed after it was made: its checksum does not match its files');
  }
  if (problems.length > 0) throw new PackImportError(problems);
  return { ...pack, files: checked };
}

export interface InstalledPack {
  lab: Lab;
  replaced: boolean;
}

/**
 * Installs a pack that `readLabPack` accepted into the user's labs folder. The lab is written to
 * a staging folder and loaded from there first, so a pack whose lab does not validate leaves
 * nothing behind, and an earlier import of the same lab is replaced only by one that loads.
 */
export function installLabPack(pack: LabPack, label: string, userLabsDirectory: string, isShippedLab: (labId: string) => boolean, importedAt: string = new Date().toISOString()): InstalledPack {
  if (isShippedLab(pack.labId)) {
    throw new PackImportError([{ file: label, line: 1, column: 1, message: `a lab "${pack.labId}" ships with proclab; an imported lab cannot replace it (give the pack's lab another id)` }]);
  }
  mkdirSync(userLabsDirectory, { recursive: true });
  const staging = join(userLabsDirectory, `.importing-${randomUUID()}`);
  try {
    for (const file of pack.files) {
      const path = join(staging, ...file.path.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.from(file.content, file.encoding));
    }
    const manifest: ImportedManifest = { format: labPackFormat, labId: pack.labId, checksum: pack.checksum, createdAt: pack.createdAt, importedAt, courseSalt: pack.courseSalt };
    writeFileSync(join(staging, importedManifestName), `${JSON.stringify(manifest, null, 2)}\n`);
    let lab: Lab;
    try {
      lab = loadLab(staging, 'imported' satisfies LabOrigin);
    } catch (error) {
      if (!(error instanceof LabContentError)) throw error;
      throw new PackImportError(error.problems.map((problem) => ({ ...problem, file: `${label}/${problem.file.slice(staging.length + 1).split('\\').join('/')}` })));
    }
    if (lab.definition.id !== pack.labId) {
      throw new PackImportError([{ file: `${label}/lab.yaml`, line: 1, column: 1, message: `the lab's id "${lab.definition.id}" differs from the pack's labId "${pack.labId}"` }]);
    }
    const target = join(userLabsDirectory, pack.labId);
    const replaced = existsSync(target) && statSync(target).isDirectory();
    const retired = join(userLabsDirectory, `.replaced-${randomUUID()}`);
    if (replaced) renameSync(target, retired);
    try {
      renameSync(staging, target);
    } catch (error) {
      if (replaced) renameSync(retired, target);
      throw error;
    }
    if (replaced) rmSync(retired, { recursive: true, force: true });
    return { lab: loadLab(target, 'imported'), replaced };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
