import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Sqlite from 'better-sqlite3';

/** SQLite's file header: 16 bytes of magic, and `PRAGMA user_version` big-endian at byte 60. */
const headerMagic = Buffer.from('SQLite format 3\0', 'latin1');
const headerBytes = 100;
const userVersionOffset = 60;

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

/**
 * The schema version of an existing run database, read without changing anything: undefined for
 * a file that does not exist yet or is empty. Throws for a file that is not a SQLite database.
 *
 * Opened read-only, SQLite would still create the -wal and -shm files of a WAL database, so a
 * database closed cleanly (no -wal left) is read from its header; one with a -wal file (in use,
 * or left by a crash) may hold a newer header in that log, and is asked through a read-only
 * connection, which then only joins the files that are there.
 */
export function readStoredSchemaVersion(filePath: string): number | undefined {
  const size = sizeOf(filePath);
  if (size === undefined || size === 0) return undefined;
  if ((sizeOf(`${filePath}-wal`) ?? 0) > 0) {
    const database = new Sqlite(filePath, { readonly: true, fileMustExist: true });
    try {
      return database.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      throw new Error(`the run database at ${filePath} is not a SQLite database`, { cause: error });
    } finally {
      database.close();
    }
  }
  const header = Buffer.alloc(headerBytes);
  const descriptor = openSync(filePath, 'r');
  let read: number;
  try {
    read = readSync(descriptor, header, 0, headerBytes, 0);
  } finally {
    closeSync(descriptor);
  }
  if (read < headerBytes || !header.subarray(0, headerMagic.length).equals(headerMagic)) throw new Error(`the run database at ${filePath} is not a SQLite database`);
  return header.readInt32BE(userVersionOffset);
}
