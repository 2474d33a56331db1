import type { Language, LocalizedText, RunAnswer, RunMetrics } from '../../preload/api.ts';
import { renderAnswerMarkdown } from './answerMarkdown.ts';
import { escapeHtml } from './htmlEscape.ts';
import { reportInstructorTexts } from './reportInstructorText.ts';

export interface ReportQuestion {
  id: string;
  text: LocalizedText;
}

/**
 * Each question with the student's answer under it. Values the answer cites with
 * `{{metrics.path}}` are the run's own, drawn from the same metrics as the tables above.
 */
export function questionsAndAnswersSection(questions: readonly ReportQuestion[], answers: readonly RunAnswer[], metrics: RunMetrics | null, language: Language): string {
  const text = reportInstructorTexts[language];
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer]));
  const items = questions.map((question, index) => {
    const answer = byQuestion.get(question.id);
    const body =
      answer === undefined || answer.markdown.trim() === ''
        ? `<p class="empty">${escapeHtml(text.noAnswer)}</p>`
        : `${renderAnswerMarkdown(answer.markdown, metrics, language, text.citationMissing)}<p class="answered-at">${escapeHtml(text.answeredAt)} <time>${escapeHtml(answer.updatedAt)}</time></p>`;
    return (
      `<div class="question" data-question-id="${escapeHtml(question.id)}">\n` +
      `<p><strong>${index + 1}.</strong> ${escapeHtml(question.text[language] ?? question.text.en)}</p>\n` +
      `<div class="answer" aria-label="${escapeHtml(text.answer)}">\n${body}\n</div>\n</div>`
    );
  });
  return `<section id="questions" class="report-section">\n<h2>${escapeHtml(text.questionsSection)}</h2>\n${items.join('\n')}\n</section>`;
}

/** Styles for the parts above; appended to the report's own. */
export const answerStyles = `
.answer { border-left: 3px solid var(--rule); padding: .25rem .75rem; margin: .5rem 0 0 .5rem; }
.answer table { width: auto; }
.answered-at { color: var(--muted); font-size: .8rem; }
.cited { font-weight: 600; border-bottom: 1px dotted var(--ink); }
.cited.missing { color: var(--fail); }
ul.variant { margin: 0; padding-left: 1.2rem; }
`;
