import { createHash } from 'node:crypto';
import { instructorFolderName } from '../lab/labFolderLayout.ts';

/** Names the pack layout; a reader refuses formats it does not know. */
export const labPackFormat = 'proclab-lab-pack/1';

/** Packs are small text: the window sends one in a single message, and it must fit. */
export const maxPackBytes = 512 * 1024;
export const maxPackFiles = 200;
export const maxPackFileBytes = 256 * 1024;

export interface PackFile {
  /** Relative to the lab folder, with forward slashes. */
  path: string;
  /** UTF-8 text, or base64 when `encoding` is `base64`. */
  content: string;
  encoding: 'utf8' | 'base64';
  sha256: string;
}

export interface LabPack {
  format: typeof labPackFormat;
  labId: string;
  createdAt: string;
  createdBy: string;
  /**
   * The course salt the window derives variants with. It travels in the pack because the
   * student's app must derive the variant; see docs/authoring-labs.md for what that means.
   */
  courseSalt: string;
  files: PackFile[];
  /** SHA-256 over the lab id, the salt and every file's path and hash, in order. */
  checksum: string;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function packChecksum(labId: string, courseSalt: string, files: readonly Pick<PackFile, 'path' | 'sha256'>[]): string {
  const lines = [labPackFormat, labId, sha256Hex(courseSalt), ...files.map((file) => `${file.sha256}  ${file.path}`)];
  return sha256Hex(`${lines.join('\n')}\n`);
}

/** Paths a pack may hold: plain relative names, no `..`, no hidden files, no instructor folder. */
export function packPathProblem(path: string): string | undefined {
  if (path.length === 0 || path.length > 200) return 'a file path must be 1 to 200 characters';
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/.test(path)) return `"${path}" is not a plain relative path (letters, digits, . _ - and /, no leading dot)`;
  if (path.split('/').some((part) => part === '..' || part === '.')) return `"${path}" climbs out of the lab folder`;
  if (path.split('/')[0] === instructorFolderName) return `"${path}" is in the instructor's folder, which is never packed`;
  return undefined;
}
