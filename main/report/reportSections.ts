import { isEmptyChart } from '../../common/charts/chartFrame.ts';
import { renderChart } from '../../common/charts/renderChart.ts';
import { renderTables } from '../../common/tables/renderTables.ts';
import type { ChartSpec, Language, RunDetail, TableSpec } from '../../preload/api.ts';
import { escapeHtml } from './htmlEscape.ts';
import { scenarioWithoutComments } from './scenarioWithoutComments.ts';
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
    [text.createdAt, timeHtml(run.createdAt, language)],
    [text.finishedAt, run.finishedAt === null ? escapeHtml(text.notYet) : timeHtml(run.finishedAt, language)],
    [text.duration, run.durationMs === null ? '—' : escapeHtml(formatDuration(run.durationMs, language))],
    [text.seed, `<code>${escapeHtml(String(run.seed))}</code>`],
    [text.scenarioHash, `<code class="hash">${escapeHtml(run.scenarioHash)}</code>`],
  ];
  if (run.error !== null) facts.push([text.error, `<code>${escapeHtml(run.error.code)}</code> ${escapeHtml(run.error.message)}`]);
  facts.push(['SHA-256', `<code class="hash">${escapeHtml(sha256)}</code>`]);
  return section('summary', text.summarySection, factList(facts));
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
  return section('environment', text.environmentSection, factList(facts));
}

export function scenarioSection(run: RunDetail, language: Language): string {
  const text = reportTexts[language];
  const compact = scenarioWithoutComments(run.scenarioText);
  const note = compact === run.scenarioText.trim() ? '' : `\n<p class="empty scenario-note">${escapeHtml(text.scenarioCommentsOmitted)}</p>`;
  return section('scenario', text.scenarioSection, `<pre class="scenario">${escapeHtml(compact)}</pre>${note}`);
}

export function metricsSection(run: RunDetail, tables: readonly TableSpec[], language: Language): string {
  const text = reportTexts[language];
  const rendered = renderTables(tables, run.metrics, language);
  const body = rendered.length === 0 ? `<p class="empty">${escapeHtml(text.noMetrics)}</p>` : rendered.map(tableHtml).join('\n');
  return section('metrics', text.metricsSection, body);
}

export function chartsSection(run: RunDetail, charts: readonly ChartSpec[], language: Language): string {
  const text = reportTexts[language];
  if (charts.length === 0) return section('charts', text.chartsSection, `<p class="empty">${escapeHtml(text.noCharts)}</p>`);
  const withoutData: string[] = [];
  const figures = charts.flatMap((spec) => {
    let content: string;
    try {
      content = renderChart(spec, run.samples, run.metrics, language, wideChartKinds.has(spec.kind) ? reportWideChartSize : reportChartSize);
    } catch (error) {
      // One chart that cannot be drawn should not cost the student the whole report.
      const reason = error instanceof Error ? error.message : String(error);
      content = `<p class="empty">${escapeHtml(`${spec.title[language] ?? spec.title.en}: ${text.chartFailed(reason)}`)}</p>`;
    }
    // A chart this scenario gives no data is named in one line, not drawn as an empty box.
    if (isEmptyChart(content)) {
      withoutData.push(spec.title[language] ?? spec.title.en);
      return [];
    }
    return [`<figure class="chart${wideChartKinds.has(spec.kind) ? ' wide' : ''}" data-chart-id="${escapeHtml(spec.id)}">\n${content}\n</figure>`];
  });
  const note = withoutData.length === 0 ? '' : `\n<p class="empty charts-without-data">${escapeHtml(text.chartsWithoutData(withoutData.join(' · ')))}</p>`;
  return section('charts', text.chartsSection, `<div class="chart-grid">\n${figures.join('\n')}\n</div>${note}`);
}

export function checksSection(run: RunDetail, language: Language): string {
  const text = reportTexts[language];
  if (run.checks.length === 0) return section('checks', text.checksSection, `<p class="empty">${escapeHtml(text.noChecks)}</p>`);
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
  return section('checks', text.checksSection, body);
}

export function timelineSection(run: RunDetail, language: Language): string {
  const text = reportTexts[language];
  if (run.timeline.length === 0) return section('timeline', text.timelineSection, `<p class="empty">${escapeHtml(text.noTimeline)}</p>`);
  // The printed timeline is for reading: its first events, data as short `name value` pairs. All
  // of it stays in the raw data at the end, which verification reads. Events a chart already
  // draws (the page map's snapshots) would only crowd out the ones that tell what happened.
  const shown = run.timeline.filter((event) => !chartDrawnEventKinds.has(event.kind)).slice(0, shownTimelineEvents);
  const rows = shown.map(
    (event) =>
      `<tr><td class="number">${escapeHtml(formatNumber(event.timeMs, language, 1))}</td><td><code>${escapeHtml(event.kind)}</code></td>` +
      `<td>${escapeHtml(event.message)}</td><td class="event-data">${event.data === undefined ? '' : escapeHtml(eventDataText(event.data, language))}</td></tr>`,
  );
  const more = run.timeline.length > shown.length ? `\n<p class="empty">${escapeHtml(text.moreEvents(run.timeline.length - shown.length))}</p>` : '';
  const body =
    `<table class="timeline">\n<thead><tr><th class="number">${escapeHtml(text.timeMs)}</th><th>${escapeHtml(text.eventKind)}</th>` +
    `<th>${escapeHtml(text.eventMessage)}</th><th>${escapeHtml(text.eventData)}</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>${more}`;
  return section('timeline', text.timelineSection, body);
}

export function integritySection(sha256: string, language: Language): string {
  const text = reportTexts[language];
  return section('integrity', text.integritySection, `<p><code class="hash">${escapeHtml(sha256)}</code></p>\n<p>${escapeHtml(text.integrityExplanation)}</p>`);
}

const shownTimelineEvents = 12;
const chartDrawnEventKinds: ReadonlySet<string> = new Set(['page-map']);
/** Smaller than the window's charts with the same lettering, so three fit a printed row. */
const reportChartSize = { width: 420, height: 220 };
/** A heat map draws a grid of cells per series, a flow diagram its boxes side by side: each takes two of the three places in a row. */
const wideChartKinds: ReadonlySet<string> = new Set(['heatmap', 'flow']);
const reportWideChartSize = { width: 860, height: 220 };
const shownDataFields = 6;

/** An event's data as a reader takes it in: `round 1 · pagesSent 16,384 · buckets 64 values`. */
function eventDataText(data: Record<string, unknown>, language: Language): string {
  const entries = Object.entries(data);
  const parts = entries.slice(0, shownDataFields).map(([key, value]) => {
    if (Array.isArray(value)) return `${key} ${reportTexts[language].values(value.length)}`;
    if (typeof value === 'number') return `${key} ${formatNumber(value, language, 2)}`;
    if (value !== null && typeof value === 'object') return `${key} {…}`;
    const textValue = String(value);
    return `${key} ${textValue.length > 40 ? `${textValue.slice(0, 39)}…` : textValue}`;
  });
  return parts.join(' · ') + (entries.length > shownDataFields ? ' · …' : '');
}

/** A recorded time as the reader's clock and language write it, the exact instant kept in `datetime`. */
export function timeHtml(isoText: string, language: Language): string {
  const date = new Date(isoText);
  if (Number.isNaN(date.getTime())) return `<time>${escapeHtml(isoText)}</time>`;
  const local = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'long' }).format(date);
  return `<time datetime="${escapeHtml(isoText)}">${escapeHtml(local)}</time>`;
}

function section(id: string, heading: string, body: string): string {
  return `<section id="${id}" class="report-section">\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

function factList(facts: readonly [string, string][]): string {
  return `<dl class="facts">\n${facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`).join('\n')}\n</dl>`;
}
