import type { Language, StudentVariant } from '../../preload/api.ts';
import { unsaltedFingerprint } from './saltFingerprint.ts';
import { escapeHtml } from './htmlEscape.ts';
import { reportInstructorTexts } from './reportInstructorText.ts';

/** Who ran the run and the variant they were given: what an instructor checks against the id. */
export function studentSection(student: StudentVariant | null, language: Language): string {
  const text = reportInstructorTexts[language];
  let body: string;
  if (student === null) {
    body = `<p class="empty">${escapeHtml(text.noStudent)}</p>`;
  } else {
    const values =
      student.values.length === 0
        ? escapeHtml(text.noVariables)
        : `<ul class="variant">${student.values.map((value) => `<li><code>${escapeHtml(value.path)}</code> = <code>${escapeHtml(value.value)}</code></li>`).join('')}</ul>`;
    const fingerprint = student.saltFingerprint === unsaltedFingerprint ? escapeHtml(text.unsalted) : `<code>${escapeHtml(student.saltFingerprint)}</code>`;
    const facts: [string, string][] = [
      [text.studentId, `<code>${escapeHtml(student.studentId)}</code>`],
      [text.variant, values],
      [text.saltFingerprint, fingerprint],
      [text.derivation, `<code>${escapeHtml(student.derivation)}</code>`],
    ];
    body = `<dl class="facts">\n${facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`).join('\n')}\n</dl>`;
  }
  return `<section id="student" class="report-section">\n<h2>${escapeHtml(text.studentSection)}</h2>\n${body}\n</section>`;
}
