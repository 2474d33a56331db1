import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How many distinct files a `file` workload serves: enough that requests do not all hit one. */
export const servedFileCount = 16;

const filesTargetPattern = /^\/files\/(\d+)(?:\?.*)?$/;

/** The real files of a `file` workload, in a private temporary directory. */
export interface FileSet {
  directory: string;
  files: string[];
}

export async function createFileSet(sizeBytes: number): Promise<FileSet> {
  const directory = await mkdtemp(join(tmpdir(), 'proclab-files-'));
  const files: string[] = [];
  for (let index = 0; index < servedFileCount; index += 1) {
    const path = join(directory, `file-${index}.bin`);
    const content = Buffer.alloc(sizeBytes);
    // Distinct bytes per file, so a response can be told apart from its neighbours.
    for (let offset = 0; offset < sizeBytes; offset += 1) content[offset] = 0x61 + ((offset + index) % 26);
    await writeFile(path, content);
    files.push(path);
  }
  return { directory, files };
}

export async function removeFileSet(fileSet: FileSet): Promise<void> {
  await rm(fileSet.directory, { recursive: true, force: true });
}

/** `/files/N` asks for file N (modulo the count); any other target gets the next in turn. */
export function fileIndexFor(target: string, requestNumber: number, fileCount: number): number {
  const match = filesTargetPattern.exec(target);
  const wanted = match === null ? requestNumber : Number(match[1]);
  return fileCount === 0 ? 0 : wanted % fileCount;
}

/** Reads a file with a blocking system call: the calling thread waits for the disk. */
export function readServedFileBlocking(files: readonly string[], index: number): Buffer {
  return readFileSync(files[index]!);
}

/** Reads a file without blocking this thread (libuv does the read on its own thread pool). */
export function readServedFile(files: readonly string[], index: number): Promise<Buffer> {
  return readFile(files[index]!);
}
