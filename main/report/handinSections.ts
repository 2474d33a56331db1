import { scenarioDifferences } from '../../common/compare/scenarioDifferences.ts';
import type { Language, RunAnswer, RunDetail } from '../../preload/api.ts';
import { renderAnswerMarkdown } from './answerMarkdown.ts';
import { escapeHtml } from './htmlEscape.ts';
import type { ReportQuestion } from './reportAnswers.ts';
import { formatDuration } from './reportNumbers.ts';
import { timeHtml } from './reportSections.ts';
import { reportInstructorTexts } from './reportInstructorText.ts';
import { reportTexts } from './reportText.ts';
import { handinTexts } from './handinText.ts';
import { runDataSha256 } from './reportSha256.ts';

// The parts only a hand-in has: its table of contents, the facts and scenario differences that
// open each run's section, the checks over all runs, and the answers of every run together.

/** One entry of the table of contents: where it links and what it says. */
export interface ContentsEntry {
  anchor: string;
  title: string;
  /** A second, smaller line: when the run was made and what sets it apart. */
  detail?: string;
}

/** The anchor of the run at this position (1-based) and of its parts: `run-2`, `run-2-checks`. */
export function runAnchor(position: number, part?: string): string {
  return part === undefined ? `run-${position}` : `run-${position}-${part}`;
}

/** A run's settings that differ from the lab's default scenario: path, default value, this run's value. */
export function differencesFromDefault(defaultScenario: string, scenarioText: string): { path: string; defaultValue: string; runValue: string }[] {
  return scenarioDifferences([defaultScenario, scenarioText]).map((difference) => ({ path: difference.path, defaultValue: difference.values[0]!, runValue: difference.values[1]! }));
}

/** `clients 16 · link.bandwidth 1Gbit`: the first few differences, for the contents line. */
export function differencesLine(defaultScenario: string, scenarioText: string, language: Language, shown = 4): string {
  const differences = differencesFromDefault(defaultScenario, scenarioText);
  if (differences.length === 0) return handinTexts[language].defaultScenario;
  const parts = differences.slice(0, shown).map((difference) => `${difference.path} ${difference.runValue === '' ? handinTexts[language].notSet : difference.runValue}`);
  return parts.join(' · ') + (differences.length > shown ? ` · … (+${differences.length - shown})` : '');
}

export function contentsSection(entries: readonly ContentsEntry[], language: Language): string {
  const items = entries.map(
    (entry) =>
      `<li><a href="#${escapeHtml(entry.anchor)}">${escapeHtml(entry.title)}</a>` +
      (entry.detail === undefined ? '' : `<span class="contents-detail">${escapeHtml(entry.detail)}</span>`) +
      '</li>',
  );
  return `<nav id="contents" class="report-section" aria-labelledby="contents-heading">\n<h2 id="contents-heading">${escapeHtml(handinTexts[language].contents)}</h2>\n<ol class="contents">\n${items.join('\n')}\n</ol>\n</nav>`;
}

/** A run's local time as a plain line (the contents and the run's heading). */
export function localTime(isoText: string, language: Language): string {
  const date = new Date(isoText);
  return Number.isNaN(date.getTime()) ? isoText : new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Status, times, seed and hashes of one run, in one band. */
export function runFactsSection(run: RunDetail, position: number, language: Language): string {
  const text = reportTexts[language];
  const facts: [string, string][] = [
    [text.run, `<code>${escapeHtml(run.runId)}</code>`],
    [text.status, `<span class="status status-${escapeHtml(run.status)}">${escapeHtml(text.statuses[run.status] ?? run.status)}</span>`],
    [text.createdAt, timeHtml(run.createdAt, language)],
    [text.duration, run.durationMs === null ? '—' : escapeHtml(formatDuration(run.durationMs, language))],
    [text.seed, `<code>${escapeHtml(String(run.seed))}</code>`],
    [text.scenarioHash, `<code class="hash">${escapeHtml(run.scenarioHash)}</code>`],
    [handinTexts[language].runSha256, `<code class="hash">${escapeHtml(runDataSha256(run))}</code>`],
  ];
  if (run.error !== null) facts.push([text.error, `<code>${escapeHtml(run.error.code)}</code> ${escapeHtml(run.error.message)}`]);
  return `<dl class="facts run-facts" id="${runAnchor(position, 'facts')}">\n${facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`).join('\n')}\n</dl>`;
}

export function differencesSection(defaultScenario: string, run: RunDetail, position: number, language: Language): string {
  const text = handinTexts[language];
  const differences = differencesFromDefault(defaultScenario, run.scenarioText);
  const shown = (value: string): string => (value === '' ? `<span class="empty">${escapeHtml(text.notSet)}</span>` : `<code>${escapeHtml(value)}</code>`);
  const body =
    differences.length === 0
      ? `<p class="empty">${escapeHtml(text.defaultScenario)}</p>`
      : `<table class="differences">\n<thead><tr><th>${escapeHtml(text.settingColumn)}</th><th>${escapeHtml(text.defaultColumn)}</th><th>${escapeHtml(text.thisRunColumn)}</th></tr></thead>\n<tbody>\n` +
        differences.map((difference) => `<tr><td><code>${escapeHtml(difference.path)}</code></td><td>${shown(difference.defaultValue)}</td><td>${shown(difference.runValue)}</td></tr>`).join('\n') +
        '\n</tbody>\n</table>';
  return `<section id="${runAnchor(position, 'scenario')}" class="report-section">\n<h3>${escapeHtml(text.differencesSection)}</h3>\n${body}\n</section>`;
}

/**
 * Each lab check and the runs it passed in: what the hand-in shows as a whole (a check usually
 * applies to the one run its question asks for).
 */
export function checksOverRunsSection(runs: readonly RunDetail[], language: Language): string {
  const text = handinTexts[language];
  const report = reportTexts[language];
  const byCheck = new Map<string, { title: string; passedIn: number[]; evaluatedIn: number }>();
  runs.forEach((run, index) => {
    for (const check of run.checks) {
      const entry = byCheck.get(check.checkId) ?? { title: check.title[language] ?? check.title.en, passedIn: [], evaluatedIn: 0 };
      entry.evaluatedIn += 1;
      if (check.passed) entry.passedIn.push(index + 1);
      byCheck.set(check.checkId, entry);
    }
  });
  const body =
    byCheck.size === 0
      ? `<p class="empty">${escapeHtml(text.noLabChecks)}</p>`
      : `<table class="checks">\n<thead><tr><th>${escapeHtml(report.checkColumn)}</th><th>${escapeHtml(text.passedInRuns)}</th></tr></thead>\n<tbody>\n` +
        [...byCheck.values()]
          .map((entry) => {
            const passed = entry.passedIn.length > 0;
            const where = passed ? entry.passedIn.map((position) => `<a href="#${runAnchor(position)}">${escapeHtml(text.runHeading(position))}</a>`).join(', ') : escapeHtml(text.passedInNone);
            return `<tr class="check ${passed ? 'passed' : 'failed'}"><td>${escapeHtml(entry.title)}</td><td class="${passed ? 'check-passed' : 'check-failed'}">${passed ? '✔' : '✘'} ${where}</td></tr>`;
          })
          .join('\n') +
        '\n</tbody>\n</table>';
  return `<section id="checks-over-runs" class="report-section">\n<h2>${escapeHtml(text.checksOverRuns)}</h2>\n${body}\n</section>`;
}

/**
 * Each question with every answer the runs hold, each under the run it was written with: the
 * values an answer cites with `{{metrics.path}}` are that run's.
 */
export function handinAnswersSection(questions: readonly ReportQuestion[], runs: readonly RunDetail[], language: Language): string {
  const text = reportInstructorTexts[language];
  const items = questions.map((question, index) => {
    const answers: { position: number; run: RunDetail; answer: RunAnswer }[] = [];
    runs.forEach((run, runIndex) => {
      const answer = run.answers.find((candidate) => candidate.questionId === question.id && candidate.markdown.trim() !== '');
      if (answer !== undefined) answers.push({ position: runIndex + 1, run, answer });
    });
    const body =
      answers.length === 0
        ? `<p class="empty">${escapeHtml(text.noAnswer)}</p>`
        : answers
            .map(
              ({ position, run, answer }) =>
                `<p class="answer-run"><a href="#${runAnchor(position)}">${escapeHtml(handinTexts[language].answerOfRun(position))}</a></p>\n` +
                `${renderAnswerMarkdown(answer.markdown, run.metrics, language, text.citationMissing)}<p class="answered-at">${escapeHtml(text.answeredAt)} ${timeHtml(answer.updatedAt, language)}</p>`,
            )
            .join('\n');
    return (
      `<div class="question" data-question-id="${escapeHtml(question.id)}">\n` +
      `<p><strong>${index + 1}.</strong> ${escapeHtml(question.text[language] ?? question.text.en)}</p>\n` +
      `<div class="answer" aria-label="${escapeHtml(text.answer)}">\n${body}\n</div>\n</div>`
    );
  });
  return `<section id="questions" class="report-section">\n<h2>${escapeHtml(text.questionsSection)}</h2>\n${items.join('\n')}\n</section>`;
}

/**
 * A section drawn for a single run's report, placed inside a run of the hand-in: its id gets the
 * run's prefix (unique in the document) and its heading one level down.
 */
export function nestedSection(sectionHtml: string, position: number): string {
  return sectionHtml
    .replace(/^<section id="([^"]+)"/, (_, id: string) => `<section id="${runAnchor(position, id)}"`)
    .replace(/<h2>([\s\S]*?)<\/h2>/, '<h3>$1</h3>')
    // A chart's title is named by id; every run draws the same charts.
    .replace(/ (id|aria-labelledby)="chart-/g, (_, attribute: string) => ` ${attribute}="${runAnchor(position)}-chart-`);
}

export const handinStyles = `
/* The first run follows the contents; every other run starts a page, where the contents sends the reader. */
.handin-run + .handin-run { break-before: page; }
.handin-run > h2 { margin-top: 0; }
ol.contents { padding-left: 1.4rem; }
ol.contents li { margin: .2rem 0; }
ol.contents a { font-weight: 600; color: var(--ink); }
.contents-detail { display: block; color: var(--muted); font-size: .85em; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
dl.run-facts { margin: .3rem 0 .6rem; }
table.differences { width: auto; max-width: 100%; }
table.differences td { overflow-wrap: anywhere; }
.answer-run { margin: .3rem 0 0; font-weight: 600; font-size: .9em; }
@media print {
  h3 { font-size: .95rem; margin: .5rem 0 .2rem; break-after: avoid; }
  dl.run-facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; font-size: 8pt; gap: .05rem .8rem; }
  table.differences { font-size: 7.5pt; }
  table.differences td, table.differences th { padding: .08rem .3rem; }
  .contents-detail { font-size: 7.5pt; }
  #questions { break-before: page; }
}
`;
