import type { Database } from 'better-sqlite3';
import { NewerRunDatabaseError } from './newerRunDatabaseError.ts';

/**
 * One step of the schema's history. Migration N (1-based position in `migrations`) takes a
 * database from `user_version` N-1 to N. Released migrations are never edited: a change to the
 * schema is a new function appended to the list, so every existing file can still be brought up
 * to date step by step.
 */
export interface Migration {
  description: string;
  apply(database: Database): void;
}

export const migrations: readonly Migration[] = [
  {
    description: 'runs with their samples, timeline, log and check results',
    apply(database) {
      database.exec(`
        CREATE TABLE runs (
          id TEXT PRIMARY KEY NOT NULL,
          lab_id TEXT NOT NULL,
          engine TEXT NOT NULL,
          status TEXT NOT NULL,
          seed INTEGER NOT NULL,
          scenario_text TEXT NOT NULL,
          scenario_hash TEXT NOT NULL,
          environment_json TEXT NOT NULL,
          created_at TEXT NOT NULL,
          started_at TEXT,
          finished_at TEXT,
          duration_ms REAL,
          metrics_json TEXT,
          error_json TEXT,
          owner_pid INTEGER
        ) STRICT;
        CREATE INDEX runs_by_created_at ON runs (created_at);
        CREATE INDEX runs_by_lab_and_created_at ON runs (lab_id, created_at);
        CREATE INDEX runs_by_status ON runs (status);

        CREATE TABLE samples (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          time_ms REAL NOT NULL,
          series TEXT NOT NULL,
          values_json TEXT NOT NULL
        ) STRICT;
        CREATE INDEX samples_by_run_and_time ON samples (run_id, time_ms);

        CREATE TABLE timeline (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          time_ms REAL NOT NULL,
          kind TEXT NOT NULL,
          message TEXT NOT NULL,
          data_json TEXT,
          PRIMARY KEY (run_id, seq)
        ) STRICT;
        CREATE INDEX timeline_by_run_and_time ON timeline (run_id, time_ms);

        CREATE TABLE log (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          time_ms REAL NOT NULL,
          level TEXT NOT NULL,
          message TEXT NOT NULL,
          PRIMARY KEY (run_id, seq)
        ) STRICT;
        CREATE INDEX log_by_run_and_time ON log (run_id, time_ms);

        CREATE TABLE check_results (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          check_id TEXT NOT NULL,
          title_json TEXT NOT NULL,
          passed INTEGER NOT NULL,
          detail TEXT NOT NULL,
          PRIMARY KEY (run_id, check_id)
        ) STRICT;
      `);
    },
  },
  {
    description: 'the student and variant of a run, and the answers written with it',
    apply(database) {
      database.exec(`
        ALTER TABLE runs ADD COLUMN student_json TEXT;

        CREATE TABLE answers (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          question_id TEXT NOT NULL,
          markdown TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (run_id, question_id)
        ) STRICT;
      `);
    },
  },
];

/** The schema version this code writes: the number of migrations it knows. */
export const currentSchemaVersion = migrations.length;

/**
 * Brings the database up to `currentSchemaVersion`, one transaction per migration, and refuses a
 * file written by a newer proclab rather than guessing at a schema it does not know.
 * Returns the version the file had before.
 */
export function applyMigrations(database: Database, filePath: string, known: readonly Migration[] = migrations): number {
  const versionBefore = readUserVersion(database);
  if (versionBefore > known.length) throw new NewerRunDatabaseError(filePath, versionBefore, known.length);
  for (let index = versionBefore; index < known.length; index++) {
    const migration = known[index]!;
    const targetVersion = index + 1;
    // IMMEDIATE takes the write lock before reading the version, so two processes opening the
    // same fresh file cannot both apply the same migration.
    const step = database.transaction(() => {
      const versionNow = readUserVersion(database);
      if (versionNow >= targetVersion) return;
      migration.apply(database);
      database.pragma(`user_version = ${targetVersion}`);
    });
    step.immediate();
  }
  const versionAfter = readUserVersion(database);
  if (versionAfter > known.length) throw new NewerRunDatabaseError(filePath, versionAfter, known.length);
  return versionBefore;
}

export function readUserVersion(database: Database): number {
  return database.pragma('user_version', { simple: true }) as number;
}
