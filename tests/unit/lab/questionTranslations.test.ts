import { describe, expect, it } from 'vitest';
import { LabCatalog } from '../../../main/lab/labCatalog.ts';
import type { LocalizedText } from '../../../preload/api.ts';

// A student reading a question in Portuguese must be asked what a student reading it in English
// is asked. Translations differ in words, so these compare what survives translation: the
// names quoted from the scenario and metrics, the number of sentences and questions, and the
// length (Portuguese runs about as long as English or a little longer; a translation much
// shorter than its original has left something out).

/** `writer`, `downtimeLimit: 300ms`, and metric names such as recoveryTo90Ms or switchReason. */
function quotedNames(text: string): string[] {
  const code = text.match(/`[^`]+`/g) ?? [];
  const identifiers = text.replace(/`[^`]+`/g, ' ').match(/\b[a-z]+[A-Z][A-Za-z0-9]*\b/g) ?? [];
  return [...new Set([...code, ...identifiers])].sort();
}

/** Sentences, leaving out what parentheses hold and the full stops of abbreviations. */
function sentenceCount(text: string): number {
  return text
    .replace(/\([^)]*\)/g, '')
    .replace(/`[^`]*`/g, 'code')
    .replace(/\b(e\.g|i\.e|etc|ex|p\.ex)\./gi, '')
    .split(/[.?!:;]+(?:\s|$)/)
    .filter((sentence) => sentence.trim() !== '').length;
}

const questionMarks = (text: string): number => (text.match(/\?/g) ?? []).length;

const shortestRatio = 0.85;
const longestRatio = 1.4;

/** What differs grossly between the English and the Portuguese of one text; empty when they match. */
function translationGaps(text: LocalizedText): string[] {
  const english = text.en.trim();
  const portuguese = text['pt-BR'].trim();
  const gaps: string[] = [];
  if (quotedNames(english).join(' ') !== quotedNames(portuguese).join(' ')) {
    gaps.push(`names quoted: en ${quotedNames(english).join(', ') || 'none'}; pt-BR ${quotedNames(portuguese).join(', ') || 'none'}`);
  }
  if (Math.abs(sentenceCount(english) - sentenceCount(portuguese)) > 1) gaps.push(`sentences: en ${sentenceCount(english)}, pt-BR ${sentenceCount(portuguese)}`);
  if (Math.abs(questionMarks(english) - questionMarks(portuguese)) > 1) gaps.push(`questions asked: en ${questionMarks(english)}, pt-BR ${questionMarks(portuguese)}`);
  const ratio = portuguese.length / english.length;
  if (ratio < shortestRatio || ratio > longestRatio) gaps.push(`length: pt-BR is ${ratio.toFixed(2)} × the English`);
  return gaps;
}

const catalog = new LabCatalog();
const labs = catalog.list().map((summary) => catalog.get(summary.id)!);

describe('the Portuguese of every lab says what the English says', () => {
  it.each(labs.map((lab) => [lab.definition.id, lab] as const))('%s: questions and summary', (_id, lab) => {
    const gaps: string[] = [];
    for (const question of lab.definition.questions) for (const gap of translationGaps(question.text)) gaps.push(`${question.id}: ${gap}`);
    for (const gap of translationGaps(lab.definition.summary)) gaps.push(`summary: ${gap}`);
    expect(gaps).toEqual([]);
  });

  it('catches a translation that leaves out a sentence, or a metric it names', () => {
    const english = 'Look at the chart. Draw the response time during each migration. Where is the peak, and how long does recovery take (recoveryTo90Ms)? Why?';
    expect(translationGaps({ en: english, 'pt-BR': 'Observe o gráfico. Desenhe o tempo de resposta durante cada migração. Onde fica o pico, e quanto tempo leva a recuperação (recoveryTo90Ms)? Por quê?' })).toEqual([]);
    expect(translationGaps({ en: english, 'pt-BR': 'Observe o gráfico. Onde fica o pico, e quanto tempo leva a recuperação (recoveryTo90Ms)? Por quê?' })).toEqual([expect.stringMatching(/^length/)]);
    expect(translationGaps({ en: english, 'pt-BR': 'Observe o gráfico. Desenhe o tempo de resposta durante cada migração. Onde fica o pico, e quanto tempo leva para o convidado se recuperar? Por quê?' })).toEqual([expect.stringMatching(/^names quoted/)]);
    expect(translationGaps({ en: 'First this one. Then that one. Then another. And the last.', 'pt-BR': 'Primeiro este, depois aquele, depois outro e o último.' })).toEqual([
      expect.stringMatching(/^sentences/),
    ]);
  });
});
