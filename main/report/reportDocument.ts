import type { ChartSpec, Language, LocalizedText, ReportDocument, RunDetail, TableSpec } from '../../preload/api.ts';
import { escapeHtml } from './htmlEscape.ts';
import { runDataSha256 } from './reportSha256.ts';
import { reportStyles } from './reportStyles.ts';
import {
  chartsSection,
  checksSection,
  environmentSection,
  integritySection,
  metricsSection,
  questionsSection,
  scenarioSection,
  summarySection,
  timelineSection,
} from './reportSections.ts';
import type { ReportQuestion } from './reportSections.ts';
import { reportTexts } from './reportText.ts';

export interface ReportInput {
  run: RunDetail;
  labTitle: LocalizedText;
  charts: ChartSpec[];
  /** The engine's tables; metrics none of them shows still appear, by path. */
  tables?: TableSpec[];
  questions?: ReportQuestion[];
  language: Language;
}

/**
 * Nothing in a report may load or run anything: it is handed in and opened on other machines,
 * offline, and it carries text students wrote. The policy makes that hold even if some text were
 * ever left unescaped.
 */
// Written into a double-quoted attribute as is, so it must never contain a double quote.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The run as one self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched). */
export function renderReportHtml(input: ReportInput): ReportDocument {
  const { run, language } = input;
  const text = reportTexts[language];
  const sha256 = runDataSha256(run);
  const labTitle = input.labTitle[language] ?? input.labTitle.en;
  const questions = input.questions ?? [];
  const sections = [
    summarySection(run, sha256, language),
    environmentSection(run, language),
    scenarioSection(run, language),
    metricsSection(run, input.tables ?? [], language),
    chartsSection(run, input.charts, language),
    checksSection(run, language),
    timelineSection(run, language),
    ...(questions.length > 0 ? [questionsSection(questions, language)] : []),
    integritySection(sha256, language),
  ];
  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="proclab ${escapeHtml(run.environment.proclabVersion)}">
<meta name="proclab-run-id" content="${escapeHtml(run.runId)}">
<meta name="proclab-run-sha256" content="${escapeHtml(sha256)}">
<title>${escapeHtml(`${labTitle} — ${text.run} ${run.runId}`)}</title>
<style>${reportStyles}</style>
</head>
<body>
<header>
<h1>${escapeHtml(labTitle)}</h1>
<p class="subtitle">${escapeHtml(text.reportHeading)} · ${escapeHtml(text.run)} <code>${escapeHtml(run.runId)}</code></p>
</header>
<main>
${sections.join('\n')}
</main>
<footer>${escapeHtml(text.generatedBy)} ${escapeHtml(run.environment.proclabVersion)}</footer>
</body>
</html>
`;
  return { fileName: reportFileName(run.labId, run.runId), html, sha256 };
}

/** `proclab-<labId>-<first 8 of runId>.html`, with anything unsafe in a file name replaced. */
export function reportFileName(labId: string, runId: string): string {
  const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return `proclab-${safe(labId)}-${safe(runId.slice(0, 8))}.html`;
}
