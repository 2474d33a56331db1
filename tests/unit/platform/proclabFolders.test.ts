import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, defaultUserLabsDirectory } from '../../../main/platform/proclabFolders.ts';

describe('defaultDatabasePath', () => {
  it('is runs.sqlite in ~/.proclab', () => {
    expect(defaultDatabasePath({})).toBe(join(homedir(), '.proclab', 'runs.sqlite'));
  });

  it('follows PROCLAB_HOME when it is set', () => {
    expect(defaultDatabasePath({ PROCLAB_HOME: '/tmp/proclab-test-home' })).toBe(join('/tmp/proclab-test-home', 'runs.sqlite'));
    expect(defaultDatabasePath({ PROCLAB_HOME: '' })).toBe(join(homedir(), '.proclab', 'runs.sqlite'));
  });

  it('keeps imported labs beside the runs', () => {
    expect(defaultUserLabsDirectory({})).toBe(join(homedir(), '.proclab', 'labs'));
    expect(defaultUserLabsDirectory({ PROCLAB_HOME: '/tmp/proclab-test-home' })).toBe(join('/tmp/proclab-test-home', 'labs'));
  });
});
