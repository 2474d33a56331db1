import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineNames, findEngine } from '../../../main/engines/engineRegistry.ts';
import { engineSchemaReference, spliceSchemaReference } from '../../../main/scenario/schemaReference.ts';

const guide = join(import.meta.dirname, '..', '..', '..', 'docs', 'authoring-labs.md');

describe('the authoring guide', () => {
  it('shows every engine’s scenario schema as proclab has it (regenerate: npx node scripts/generateAuthoringDocs.ts)', () => {
    const text = readFileSync(guide, 'utf8');
    const reference = engineSchemaReference(engineNames().map((name) => findEngine(name)!));
    expect(spliceSchemaReference(text, reference)).toBe(text);
    for (const name of engineNames()) expect(text).toContain(`### \`engine: ${name}\``);
  });

  it('names every proclab command an instructor uses', () => {
    const text = readFileSync(guide, 'utf8');
    for (const command of ['new-lab', 'validate', 'run', 'pack', 'import', 'verify', 'rerun', 'grade']) expect(text).toContain(`proclab ${command}`);
  });
});
