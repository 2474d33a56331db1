import type { ChartSpec, Language, LocalizedText, ReportDocument, RunDetail, TableSpec } from '../../preload/api.ts';
import { proclabVersion } from '../platform/proclabVersion.ts';
import { escapeHtml } from './htmlEscape.ts';
import { reportPageHtml, safeFileNamePart } from './reportPage.ts';
import { answerStyles, questionsAndAnswersSection, type ReportQuestion } from './reportAnswers.ts';
import { dataSection, reportDataFormat, reportDataSha256, sealReportData, type ReportData, type ReportDataBlock, type ReportSeal } from './reportDataBlock.ts';
import { runDataSha256 } from './reportSha256.ts';
import { reportStyles } from './reportStyles.ts';
import {
  chartsSection,
  checksSection,
  environmentSection,
  integritySection,
  metricsSection,
  scenarioSection,
  summarySection,
  timelineSection,
} from './reportSections.ts';
import { studentSection } from './reportStudent.ts';
import { reportTexts } from './reportText.ts';

export interface ReportInput {
  run: RunDetail;
  labTitle: LocalizedText;
  charts: ChartSpec[];
  /** The engine's tables; metrics none of them shows still appear, by path. */
  tables?: TableSpec[];
  questions?: ReportQuestion[];
  language: Language;
  /** The lab's public check definitions, embedded so `proclab verify` can recompute them without the lab. */
  checks?: readonly unknown[];
  /** The lab's course salt; it seals the embedded data (and is never written into the report). */
  courseSalt?: string;
}

/**
 * Nothing in a report may load or run anything: it is handed in and opened on other machines,
 * offline, and it carries text students wrote. The policy makes that hold even if some text were
 * ever left unescaped.
 */
// Written into a double-quoted attribute as is, so it must never contain a double quote.

/** The run as one self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched). */
export function renderReportHtml(input: ReportInput): ReportDocument {
  const data = reportDataOf(input);
  return renderReportData(data, sealReportData(data, input.courseSalt ?? ''));
}

/**
 * What the report is drawn from, as it reads back from the embedded block: passed through JSON
 * once, so drawing it now and drawing it again from the block (`proclab verify`) see the same values.
 */
export function reportDataOf(input: ReportInput): ReportData {
  const data: ReportData = {
    format: reportDataFormat,
    proclabVersion: proclabVersion(),
    language: input.language,
    lab: { id: input.run.labId, title: input.labTitle, charts: input.charts, tables: input.tables ?? [], questions: input.questions ?? [], checks: [...(input.checks ?? [])] },
    run: input.run,
  };
  return JSON.parse(JSON.stringify(data)) as ReportData;
}

/** The report drawn from its data alone: the same data always gives the same page. */
export function renderReportData(data: ReportData, seal: ReportSeal | null): ReportDocument {
  const { run, language } = data;
  const text = reportTexts[language];
  const sha256 = runDataSha256(run);
  const block: ReportDataBlock = { ...data, sha256: reportDataSha256(data), seal };
  const labTitle = data.lab.title[language] ?? data.lab.title.en;
  const questions = data.lab.questions;
  // Summary, student and environment are short lists: printed side by side, they fill one band.
  const overview = `<div class="overview">\n<div>\n${summarySection(run, sha256, language)}\n</div>\n<div>\n${studentSection(run.student, language)}\n${environmentSection(run, language)}\n</div>\n</div>`;
  const sections = [
    overview,
    scenarioSection(run, language),
    metricsSection(run, data.lab.tables, language),
    chartsSection(run, data.lab.charts, language),
    checksSection(run, language),
    timelineSection(run, language),
    ...(questions.length > 0 ? [questionsAndAnswersSection(questions, run.answers, run.metrics, language)] : []),
    // The two hashes and what they prove, side by side in print like the overview.
    `<div class="closing">\n${integritySection(sha256, language)}\n${dataSection(block, language)}\n</div>`,
  ];
  const html = reportPageHtml({
    language,
    proclabVersion: run.environment.proclabVersion,
    metas: [
      ['proclab-run-id', run.runId],
      ['proclab-run-sha256', sha256],
    ],
    title: `${labTitle} — ${text.run} ${run.runId}`,
    styles: `${reportStyles}${answerStyles}`,
    heading: labTitle,
    subtitleHtml: `${escapeHtml(text.reportHeading)} · ${escapeHtml(text.run)} <code>${escapeHtml(run.runId)}</code>`,
    sections,
    footer: `${text.generatedBy} ${run.environment.proclabVersion}`,
  });
  return { fileName: reportFileName(run.labId, run.runId), html, sha256 };
}

/** `proclab-<labId>-<first 8 of runId>.html`, with anything unsafe in a file name replaced. */
export function reportFileName(labId: string, runId: string): string {
  return `proclab-${safeFileNamePart(labId)}-${safeFileNamePart(runId.slice(0, 8))}.html`;
}
