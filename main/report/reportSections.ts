import { renderChart } from '../../common/charts/renderChart.ts';
import { renderTables } from '../../common/tables/renderTables.ts';
import type { ChartSpec, Language, RunDetail, TableSpec } from '../../preload/api.ts';
import { escapeHtml } from './htmlEscape.ts';
import { tableHtml } from './tablesHtml.ts';
import { formatBytes, formatDuration, formatNumber } from './reportNumbers.ts';
import { reportTexts } from './reportText.ts';

// One function per section of the report. Everything that came from a run, a lab or a student
// passes through escapeHtml; only the chart SVG, which proclab itself draws, is inserted as is.

export function summarySection(run: RunDetail, sha256: string, language: Language): string {
  const text = reportTexts[language];
  const facts: [string, string][] = [
    [text.lab, escapeHtml(run.labId)],
    [text.engine, escapeHtml(run.engine)],
    [text.status, `<span class="status status-${escapeHtml(run.status)}">${escapeHtml(text.statuses[run.status] ?? run.status)}</span>`],
    [text.createdAt, `<time>${escapeHtml(run.createdAt)}</time>`],
    [text.finishedAt, run.finishedAt === null ? escapeHtml(text.notYet) : `<time>${escapeHtml(run.finishedAt)}</time>`],
    [text.duration, run.durationMs === null ? '—' : escapeHtml(formatDuration(run.durationMs, language))],
    [text.seed, `<code>${escapeHtml(String(run.seed))}</code>`],
    [text.scenarioHash, `<code class="hash">${escapeHtml(run.scenarioHash)}</code>`],
  ];
  if (run.error !== null) facts.push([text.error, `<code>${escapeHtml(run.error.code)}</code> ${escapeHtml(run.error.message)}`]);
  facts.push(['SHA-256', `<code class="hash">${escapeHtml(sha256)}</code>`]);
  return section('summary', text.summarySection, factList(facts), false);
}

export function environmentSection(run: RunDetail, language: Language): string {
  const text = reportTexts[language];
  const environment = run.environment;
  const facts: [string, string][] = [
    [text.proclabVersion, escapeHtml(environment.proclabVersion)],
    [text.nodeVersion, escapeHtml(environment.nodeVersion)],
    [text.platform, escapeHtml(`${environment.platform} (${environment.arch})`)],
    [text.cpus, escapeHtml(formatNumber(environment.cpus, language, 0))],
    [text.cpuModel, escapeHtml(environment.cpuModel)],
    [text.memory, escapeHtml(formatBytes(environment.totalMemoryBytes, language))],
    [text.face, escapeHtml(environment.face)],
  ];
  return section('environment', text.environmentSection, factList(facts), false);
}

export function scenarioSection(run: RunDetail, language: Language): string {
  return section('scenario', reportTexts[language].scenarioSection, `<pre class="scenario">${escapeHtml(run.scenarioText)}</pre>`, true);
}

export function metricsSection(run: RunDetail, tables: readonly TableSpec[], language: Language): string {
  const text = reportTexts[language];
  const rendered = renderTables(tables, run.metrics, language);
  const body = rendered.length === 0 ? `<p class="empty">${escapeHtml(text.noMetrics)}</p>` : rendered.map(tableHtml).join('\n');
  return section('metrics', text.metricsSection, body, true);
}

export function chartsSection(run: RunDetail, charts: readonly ChartSpec[], language: Language): string {
  const text = reportTexts[language];
  if (charts.length === 0) return section('charts', text.chartsSection, `<p class="empty">${escapeHtml(text.noCharts)}</p>`, true);
  const figures = charts.map((spec) => {
    let content: string;
    try {
      content = renderChart(spec, run.samples, run.metrics, language);
    } catch (error) {
      // One chart that cannot be drawn should not cost the student the whole report.
      const reason = error instanceof Error ? error.message : String(error);
      content = `<p class="empty">${escapeHtml(`${spec.title[language] ?? spec.title.en}: ${text.chartFailed(reason)}`)}</p>`;
    }
    return `<figure class="chart" data-chart-id="${escapeHtml(spec.id)}">\n${content}\n</figure>`;
  });
  return section('charts', text.chartsSection, figures.join('\n'), true);
}

export function checksSection(run: RunDetail, language: Language): string {
  const text = reportTexts[language];
  if (run.checks.length === 0) return section('checks', text.checksSection, `<p class="empty">${escapeHtml(text.noChecks)}</p>`, true);
  const passedCount = run.checks.filter((check) => check.passed).length;
  const rows = run.checks.map((check) => {
    const result = check.passed
      ? `<td class="check-passed">✔ ${escapeHtml(text.checkPassed)}</td>`
      : `<td class="check-failed">✘ ${escapeHtml(text.checkFailed)}</td>`;
    const title = check.title[language] ?? check.title.en;
    return `<tr class="check ${check.passed ? 'passed' : 'failed'}"><td>${escapeHtml(title)}</td>${result}<td>${escapeHtml(check.detail)}</td></tr>`;
  });
  const body =
    `<p>${escapeHtml(text.checksPassedOf(passedCount, run.checks.length))}</p>\n` +
    `<table class="checks">\n<thead><tr><th>${escapeHtml(text.checkColumn)}</th><th>${escapeHtml(text.resultColumn)}</th><th>${escapeHtml(text.detailColumn)}</th></tr></thead>\n` +
    `<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
  return section('checks', text.checksSection, body, true);
}

export function timelineSection(run: RunDetail, language: Language): string {
  const text = reportTexts[language];
  if (run.timeline.length === 0) return section('timeline', text.timelineSection, `<p class="empty">${escapeHtml(text.noTimeline)}</p>`, true);
  const rows = run.timeline.map(
    (event) =>
      `<tr><td class="number">${escapeHtml(formatNumber(event.timeMs, language, 1))}</td><td><code>${escapeHtml(event.kind)}</code></td>` +
      `<td>${escapeHtml(event.message)}</td><td>${event.data === undefined ? '' : `<code>${escapeHtml(JSON.stringify(event.data))}</code>`}</td></tr>`,
  );
  const body =
    `<table class="timeline">\n<thead><tr><th class="number">${escapeHtml(text.timeMs)}</th><th>${escapeHtml(text.eventKind)}</th>` +
    `<th>${escapeHtml(text.eventMessage)}</th><th>${escapeHtml(text.eventData)}</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
  return section('timeline', text.timelineSection, body, true);
}

export function integritySection(sha256: string, language: Language): string {
  const text = reportTexts[language];
  return section('integrity', text.integritySection, `<p><code class="hash">${escapeHtml(sha256)}</code></p>\n<p>${escapeHtml(text.integrityExplanation)}</p>`, false);
}

function section(id: string, heading: string, body: string, startsPage: boolean): string {
  return `<section id="${id}" class="report-section${startsPage ? ' starts-page' : ''}">\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

function factList(facts: readonly [string, string][]): string {
  return `<dl class="facts">\n${facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`).join('\n')}\n</dl>`;
}
