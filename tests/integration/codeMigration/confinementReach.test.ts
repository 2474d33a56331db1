// A checkout the sandbox's user cannot read (say under root's 0700 home) must not make every
// received program die with a bare "exit code 126": the lab runs, and says which folder was in the way.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectConfinement } from '../../../main/engines/codeMigration/sandbox/confinement.ts';

const root = process.getuid?.() === 0;
const made = mkdtempSync(join(tmpdir(), 'proclab-confinement-reach-'));
chmodSync(made, 0o755);

afterAll(() => rmSync(made, { recursive: true, force: true }));

describe.skipIf(!root)('confinement when the sandbox user cannot reach its modules', () => {
  it('drops to nobody when nobody can read every module', () => {
    const file = join(made, 'open', 'sandbox.js');
    mkdirSync(join(made, 'open'), { mode: 0o755 });
    chmodSync(join(made, 'open'), 0o755);
    writeFileSync(file, '', { mode: 0o644 });
    const mechanisms = detectConfinement([file]);
    expect(mechanisms.unprivilegedUser).toBe(65534);
    expect(mechanisms.missing.join('; ')).not.toMatch(/nobody cannot reach/);
  });

  it('keeps the host’s user and names the closed folder when nobody cannot', () => {
    const closed = join(made, 'home');
    mkdirSync(join(closed, 'checkout'), { recursive: true });
    const file = join(closed, 'checkout', 'sandbox.js');
    writeFileSync(file, '', { mode: 0o644 });
    chmodSync(closed, 0o700);
    const mechanisms = detectConfinement([file]);
    expect(mechanisms.unprivilegedUser).toBeUndefined();
    expect(mechanisms.missing.join('; ')).toContain(`the user nobody cannot reach ${closed} (drwx------`);
  });
});
