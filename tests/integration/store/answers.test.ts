import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, currentSchemaVersion, migrations, readUserVersion } from '../../../main/store/migrations.ts';
import { RunStore } from '../../../main/store/runStore.ts';
import { environment, newRun, temporaryFolder } from './runFixtures.ts';

let folder: string;
let remove: () => void;

beforeEach(() => {
  ({ folder, remove } = temporaryFolder());
});
afterEach(() => remove());

const student = { studentId: 'a123', values: [{ id: 'pool', path: 'servers.1.workers', value: '4' }], saltFingerprint: '0123456789abcdef', derivation: 'proclab-variant/1' };

describe('answers and students in the run database', () => {
  it('bring a file of the first schema up to date, keeping its runs, which have no student and no answers', () => {
    const filePath = join(folder, 'runs.sqlite');
    const raw = new Sqlite(filePath);
    applyMigrations(raw, filePath, migrations.slice(0, 1));
    raw
      .prepare(`INSERT INTO runs (id, lab_id, engine, status, seed, scenario_text, scenario_hash, environment_json, created_at) VALUES ('old', 'lab', 'architectures', 'succeeded', 1, 'engine: architectures', 'h', ?, '2024-01-01T00:00:00Z')`)
      .run(JSON.stringify(environment));
    expect(readUserVersion(raw)).toBe(1);
    raw.close();
    const store = RunStore.open(filePath);
    try {
      expect(store.getRun('old')).toMatchObject({ runId: 'old', student: null, answers: [] });
      store.saveAnswer('old', 'q1', 'written later');
      expect(store.getRun('old')!.answers.map((answer) => answer.markdown)).toEqual(['written later']);
    } finally {
      store.close();
    }
    const check = new Sqlite(filePath, { readonly: true });
    expect(readUserVersion(check)).toBe(currentSchemaVersion);
    check.close();
  });

  it('keeps the student and variant a run was started with', () => {
    const store = RunStore.open(join(folder, 'runs.sqlite'));
    try {
      store.createRun(newRun('run-1', { student }));
      store.createRun(newRun('run-2'));
      expect(store.getRun('run-1')!.student).toEqual(student);
      expect(store.getRun('run-2')!.student).toBeNull();
    } finally {
      store.close();
    }
  });

  it('writes an answer at once, so another process sees it before this one closes or dies', () => {
    const filePath = join(folder, 'runs.sqlite');
    const writer = RunStore.open(filePath);
    const reader = RunStore.open(filePath);
    try {
      writer.createRun(newRun('run-1'));
      writer.saveAnswer('run-1', 'q2', 'first draft', '2025-01-01T10:00:00.000Z');
      writer.saveAnswer('run-1', 'q1', 'an answer', '2025-01-01T10:00:01.000Z');
      writer.saveAnswer('run-1', 'q2', 'second *draft*', '2025-01-01T10:00:02.000Z');
      // No flush, no close: the reader is another connection, as a restarted app would be.
      expect(reader.answersOf('run-1')).toEqual([
        { questionId: 'q2', markdown: 'second *draft*', updatedAt: '2025-01-01T10:00:02.000Z' },
        { questionId: 'q1', markdown: 'an answer', updatedAt: '2025-01-01T10:00:01.000Z' },
      ]);
      writer.saveAnswer('run-1', 'q2', '');
      expect(reader.answersOf('run-1').map((answer) => answer.questionId)).toEqual(['q1']);
      expect(() => writer.saveAnswer('no-such-run', 'q1', 'x')).toThrow('there is no run no-such-run');
      writer.deleteRun('run-1');
      expect(reader.answersOf('run-1')).toEqual([]);
    } finally {
      reader.close();
      writer.close();
    }
  });
});
