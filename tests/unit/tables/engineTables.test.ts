import { describe, expect, it } from 'vitest';
import { architectureCharacteristics } from '../../../main/engines/architectures/architectureCatalog.ts';
import { characteristicTexts } from '../../../main/engines/architectures/architecturesTables.ts';
import { engineNames, findEngine } from '../../../main/engines/engineRegistry.ts';
import type { TableField } from '../../../preload/api.ts';

describe('every engine\'s declared tables', () => {
  it.each(engineNames())('%s: named in both languages, one label per list, ids unique', (name) => {
    const engine = findEngine(name)!;
    expect(engine.tables.length).toBeGreaterThan(0);
    expect(new Set(engine.tables.map((table) => table.id)).size).toBe(engine.tables.length);
    for (const table of engine.tables) {
      expect(table.title.en, table.id).not.toBe('');
      expect(table.title['pt-BR'], table.id).not.toBe('');
      const fields: TableField[] = table.kind === 'list' ? table.columns : table.values;
      for (const field of fields) {
        expect(field.path, table.id).toMatch(/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/);
        expect(field.title['pt-BR'], `${table.id}.${field.path}`).not.toBe('');
        for (const text of Object.values(field.valueTexts ?? {})) expect(text['pt-BR'], `${table.id}.${field.path}`).not.toBe('');
      }
      if (table.kind === 'list') expect(table.columns.filter((column) => column.label === true).length, table.id).toBeLessThanOrEqual(1);
    }
  });

  it('architectures: every phrase of the lecture\'s table of characteristics has its Portuguese', () => {
    const phrases = Object.values(architectureCharacteristics).flatMap((row) => Object.values(row));
    const untranslated = [...new Set(phrases)].filter((phrase) => characteristicTexts[phrase] === undefined);
    expect(untranslated).toEqual([]);
  });
});
