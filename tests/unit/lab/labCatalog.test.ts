import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLabsDirectory, LabCatalog } from '../../../main/lab/labCatalog.ts';

const directory = mkdtempSync(join(tmpdir(), 'proclab-labs-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('lab catalog', () => {
  it('loads every shipped lab without a problem', () => {
    const catalog = new LabCatalog();
    expect(catalog.problems).toEqual([]);
    expect(catalog.list().map((lab) => lab.id)).toContain('server-architectures');
  });

  it('leaves a broken lab out, says where it is broken, and keeps the others', () => {
    cpSync(join(defaultLabsDirectory(), 'server-architectures'), join(directory, 'server-architectures'), { recursive: true });
    mkdirSync(join(directory, 'half-written'));
    writeFileSync(join(directory, 'half-written', 'lab.yaml'), 'id: half-written\nengine: architectures\ntitle: { en: x }\n');
    mkdirSync(join(directory, 'no-files'));
    const catalog = new LabCatalog(directory);
    expect(catalog.list().map((lab) => lab.id)).toEqual(['server-architectures']);
    expect(catalog.problems).toHaveLength(2);
    expect(catalog.problems.join('\n')).toMatch(/half-written\/lab\.yaml:3:8: title is missing "pt-BR"/);
    expect(catalog.problems.join('\n')).toMatch(/no-files\/lab\.yaml is missing/);
  });
});
