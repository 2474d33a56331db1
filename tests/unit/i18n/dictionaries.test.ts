import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en.ts';
import { ptBR } from '../../../renderer/src/i18n/ptBR.ts';

// Messages that read the same in both languages on purpose (a name, a loanword Portuguese uses).
const sameInBothLanguages = new Set<string>(['app.name']);

describe('the window’s dictionaries', () => {
  it('have a Portuguese text for every English message, not a copy of the English', () => {
    const untranslated = Object.keys(en).filter((key) => {
      const portuguese = ptBR[key as keyof typeof en] as string | undefined;
      return portuguese === undefined || portuguese.trim() === '' || (portuguese === en[key as keyof typeof en] && !sameInBothLanguages.has(key));
    });
    expect(untranslated).toEqual([]);
  });

  it('have no Portuguese message the English does not have', () => {
    expect(Object.keys(ptBR).filter((key) => !Object.hasOwn(en, key))).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
    const mismatched = Object.keys(en).filter((key) => placeholders(en[key as keyof typeof en]).join() !== placeholders(ptBR[key as keyof typeof en]).join());
    expect(mismatched).toEqual([]);
  });
});
