import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, currentSchemaVersion, migrations, readUserVersion } from '../../../main/store/migrations.ts';
import type { Migration } from '../../../main/store/migrations.ts';
import { NewerRunDatabaseError } from '../../../main/store/newerRunDatabaseError.ts';
import { RunStore } from '../../../main/store/runStore.ts';
import { newRun, temporaryFolder } from './runFixtures.ts';

let folder: string;
let remove: () => void;

beforeEach(() => {
  ({ folder, remove } = temporaryFolder());
});

afterEach(() => remove());

function tablesOf(filePath: string): string[] {
  const raw = new Sqlite(filePath, { readonly: true });
  try {
    return (raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);
  } finally {
    raw.close();
  }
}

function userVersionOf(filePath: string): number {
  const raw = new Sqlite(filePath, { readonly: true });
  try {
    return readUserVersion(raw);
  } finally {
    raw.close();
  }
}

describe('run database migrations', () => {
  it('build the whole schema on a fresh file', () => {
    const filePath = join(folder, 'runs.sqlite');
    RunStore.open(filePath).close();
    expect(currentSchemaVersion).toBe(migrations.length);
    expect(userVersionOf(filePath)).toBe(currentSchemaVersion);
    expect(tablesOf(filePath)).toEqual(['answers', 'check_results', 'log', 'runs', 'samples', 'timeline']);
  });

  it('leave an up-to-date file and its runs alone when it is opened again', () => {
    const filePath = join(folder, 'runs.sqlite');
    const first = RunStore.open(filePath);
    first.createRun(newRun('run-1'));
    first.appendSample('run-1', { timeMs: 1, series: 's', values: { v: 1 } });
    first.close();

    const raw = new Sqlite(filePath);
    expect(applyMigrations(raw, filePath)).toBe(currentSchemaVersion);
    raw.close();

    const second = RunStore.open(filePath);
    try {
      expect(second.getRun('run-1')!.samples).toEqual([{ timeMs: 1, series: 's', values: { v: 1 } }]);
    } finally {
      second.close();
    }
    expect(userVersionOf(filePath)).toBe(currentSchemaVersion);
  });

  it('apply a migration appended later to an existing file, keeping its runs', () => {
    const filePath = join(folder, 'runs.sqlite');
    const store = RunStore.open(filePath);
    store.createRun(newRun('run-1'));
    store.close();

    const addTags: Migration = {
      description: 'tags on runs',
      apply(database) {
        database.exec(`ALTER TABLE runs ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]'`);
      },
    };
    const raw = new Sqlite(filePath);
    try {
      expect(applyMigrations(raw, filePath, [...migrations, addTags])).toBe(currentSchemaVersion);
      expect(readUserVersion(raw)).toBe(currentSchemaVersion + 1);
      expect(raw.prepare(`SELECT id, tags_json FROM runs`).all()).toEqual([{ id: 'run-1', tags_json: '[]' }]);
    } finally {
      raw.close();
    }
  });

  it('roll a failing migration back completely', () => {
    const filePath = join(folder, 'runs.sqlite');
    RunStore.open(filePath).close();
    const halfDone: Migration = {
      description: 'fails halfway',
      apply(database) {
        database.exec(`CREATE TABLE half (id INTEGER)`);
        throw new Error('boom');
      },
    };
    const raw = new Sqlite(filePath);
    try {
      expect(() => applyMigrations(raw, filePath, [...migrations, halfDone])).toThrow('boom');
      expect(readUserVersion(raw)).toBe(currentSchemaVersion);
    } finally {
      raw.close();
    }
    expect(tablesOf(filePath)).not.toContain('half');
  });

  it('refuse a file written by a newer proclab and leave it untouched', () => {
    const filePath = join(folder, 'runs.sqlite');
    const store = RunStore.open(filePath);
    store.createRun(newRun('run-1'));
    store.close();
    const raw = new Sqlite(filePath);
    raw.pragma(`user_version = ${currentSchemaVersion + 5}`);
    raw.close();

    let thrown: unknown;
    try {
      RunStore.open(filePath);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NewerRunDatabaseError);
    expect((thrown as Error).message).toContain(`the run database at ${filePath} was written by a newer proclab`);
    expect(userVersionOf(filePath)).toBe(currentSchemaVersion + 5);
    const check = new Sqlite(filePath, { readonly: true });
    try {
      expect(check.prepare('SELECT id FROM runs').all()).toEqual([{ id: 'run-1' }]);
    } finally {
      check.close();
    }
  });

  it('refuse a file that is not a SQLite database with a clear message', () => {
    const filePath = join(folder, 'runs.sqlite');
    writeFileSync(filePath, 'this is not a database, just some text that is long enough to have a header'.repeat(20));
    expect(() => RunStore.open(filePath)).toThrow(`the run database at ${filePath} is not a SQLite database`);
  });
});
