import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unreachableFor } from '../../../main/engines/codeMigration/sandbox/pathReach.ts';

const nobody = 65534;
const folders: string[] = [];

function folder(): string {
  const made = mkdtempSync(join(tmpdir(), 'proclab-path-reach-'));
  chmodSync(made, 0o755);
  folders.push(made);
  return made;
}

afterEach(() => {
  for (const made of folders.splice(0)) rmSync(made, { recursive: true, force: true });
});

describe('unreachableFor', () => {
  it('names the first folder another user may not enter, with its permissions', () => {
    const root = folder();
    const closed = join(root, 'home');
    mkdirSync(join(closed, 'checkout'), { recursive: true });
    writeFileSync(join(closed, 'checkout', 'module.js'), '');
    chmodSync(closed, 0o700);
    const reason = unreachableFor(join(closed, 'checkout', 'module.js'), nobody);
    expect(reason).toBe(`${closed} (drwx------, owner uid ${process.getuid?.()}), on the way to ${join(closed, 'checkout', 'module.js')}`);
  });

  it('names the file itself when only its own rights keep the user out', () => {
    const root = folder();
    const file = join(root, 'secret.js');
    writeFileSync(file, '', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(unreachableFor(file, nobody)).toBe(`${file} (rw-------, owner uid ${process.getuid?.()})`);
  });

  it('finds nothing in the way of a readable file in open folders', () => {
    const root = folder();
    const file = join(root, 'module.js');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    expect(unreachableFor(file, nobody)).toBeUndefined();
  });

  it('says why when the file is not there', () => {
    expect(unreachableFor('/nonexistent-proclab-path/module.js', nobody)).toMatch(/^\/nonexistent-proclab-path\/module\.js \(ENOENT/);
  });
});
