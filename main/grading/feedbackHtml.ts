import { describeVariant } from '../lab/labVariants.ts';
import { escapeHtml } from '../report/htmlEscape.ts';
import { formatNumber } from '../report/reportNumbers.ts';
import { feedbackTexts } from './feedbackText.ts';
import type { Gradebook, GradedStudent } from './gradeReports.ts';

const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

const styles = `
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; line-height: 1.45; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.problems { color: #cf222e; }
.total { font-size: 1.2rem; font-weight: 600; }
`;

/**
 * One student's feedback. It names the public checks with their results and the rubric with the
 * marks given, but of the hidden checks only how many there were and the points they earned
 * together: never their ids, titles, expressions or details.
 */
export function feedbackHtml(gradebook: Gradebook, student: GradedStudent): string {
  const language = student.language;
  const text = feedbackTexts[language];
  const definition = gradebook.lab.definition;
  const points = (value: number): string => formatNumber(value, language, 2);
  const title = definition.title[language] ?? definition.title.en;

  const facts: [string, string][] = [
    [text.student, escapeHtml(student.student)],
    [text.report, `<code>${escapeHtml(student.file)}</code>`],
  ];
  if (student.variant.length > 0) facts.push([text.variant, `<code>${escapeHtml(describeVariant(student.variant))}</code>`]);

  const integrity = student.verification.ok
    ? `<p>${escapeHtml(text.integrityOk)}</p>`
    : `<p class="problems">${escapeHtml(text.integrityProblems)}</p><ul class="problems">${student.verification.problems
        .map((problem) => `<li><code>${escapeHtml(problem.kind)}</code> ${escapeHtml(problem.where)}${problem.expected === '' && problem.found === '' ? '' : `: ${escapeHtml(JSON.stringify(problem.expected))} → ${escapeHtml(JSON.stringify(problem.found))}`}</li>`)
        .join('')}</ul>`;

  const checkRows = student.publicScores.map((score) => {
    const check = definition.checks.find((candidate) => candidate.id === score.checkId)!;
    return `<tr><td>${escapeHtml(check.title[language] ?? check.title.en)}</td><td>${escapeHtml(text.outcomes[score.outcome])}<br><small>${escapeHtml(score.detail)}</small></td><td class="number">${escapeHtml(points(score.points))} / ${escapeHtml(points(score.maxPoints))}</td></tr>`;
  });
  const hidden =
    student.hiddenScores.length === 0
      ? ''
      : `<p>${escapeHtml(text.hiddenChecks(points(student.hiddenScores.reduce((total, score) => total + score.points, 0)), points(student.hiddenScores.reduce((total, score) => total + score.maxPoints, 0)), student.hiddenScores.length))}</p>`;

  const questions = definition.questions
    .filter((question) => question.rubric.length > 0)
    .map((question) => {
      const rows = question.rubric.map((criterion) => {
        const awarded = student.rubric.get(`${question.id}.${criterion.id}`);
        const shown = awarded === undefined ? escapeHtml(text.notMarked) : `${escapeHtml(points(awarded))} / ${escapeHtml(points(criterion.points))}`;
        return `<tr><td>${escapeHtml(criterion.text[language] ?? criterion.text.en)}</td><td class="number">${shown}</td></tr>`;
      });
      return `<h3>${escapeHtml(question.text[language] ?? question.text.en)}</h3>\n<table><tbody>${rows.join('')}</tbody></table>`;
    });

  return `<!DOCTYPE html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<title>${escapeHtml(`${title} — ${text.heading} — ${student.student}`)}</title>
<style>${styles}</style>
</head>
<body>
<h1>${escapeHtml(title)} — ${escapeHtml(text.heading)}</h1>
<dl>${facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`).join('')}</dl>
<p class="total">${escapeHtml(text.total)}: ${escapeHtml(points(student.total))} / ${escapeHtml(points(gradebook.maxPoints))}</p>
${student.supersededFiles.length > 0 ? `<p>${escapeHtml(text.otherReports(student.supersededFiles.length))}</p>` : ''}
<h2>${escapeHtml(text.integrity)}</h2>
${integrity}
<h2>${escapeHtml(text.checks)}</h2>
<table><thead><tr><th>${escapeHtml(text.check)}</th><th>${escapeHtml(text.result)}</th><th>${escapeHtml(text.points)}</th></tr></thead><tbody>${checkRows.join('')}</tbody></table>
${hidden}
${questions.length > 0 ? `<h2>${escapeHtml(text.questions)}</h2>\n${questions.join('\n')}` : ''}
</body>
</html>
`;
}

/** A file name for a student's feedback: the id, with anything unsafe replaced. */
export function feedbackFileName(student: GradedStudent): string {
  return `${student.student.replace(/[^A-Za-z0-9._@-]/g, '_').replace(/^\.+/, '_')}.html`;
}
