import type { ChartSpec, HandinDocument, Language, LocalizedText, RunDetail, StudentVariant, TableSpec } from '../../preload/api.ts';
import { proclabVersion } from '../platform/proclabVersion.ts';
import { escapeHtml } from './htmlEscape.ts';
import { reportPageHtml, safeFileNamePart } from './reportPage.ts';
import { handinDataFormat, handinDataSection, handinDataSha256, sealHandinData, type HandinData, type HandinDataBlock } from './handinData.ts';
import {
  checksOverRunsSection,
  contentsSection,
  differencesLine,
  differencesSection,
  handinAnswersSection,
  handinStyles,
  localTime,
  nestedSection,
  runAnchor,
  runFactsSection,
  type ContentsEntry,
} from './handinSections.ts';
import { handinTexts } from './handinText.ts';
import { answerStyles, type ReportQuestion } from './reportAnswers.ts';
import type { ReportSeal } from './reportDataBlock.ts';
import { chartsSection, checksSection, metricsSection } from './reportSections.ts';
import { studentSection } from './reportStudent.ts';
import { reportInstructorTexts } from './reportInstructorText.ts';
import { reportStyles } from './reportStyles.ts';
import { reportTexts } from './reportText.ts';

export interface HandinInput {
  /** Runs of one lab, in the order the student put them in. */
  runs: RunDetail[];
  labId: string;
  labTitle: LocalizedText;
  defaultScenario: string;
  charts: ChartSpec[];
  tables: TableSpec[];
  questions: ReportQuestion[];
  checks: readonly unknown[];
  student: StudentVariant | null;
  language: Language;
  courseSalt: string;
}

// The same policy as a single run's report: nothing in it may load or run anything.

export function renderHandinHtml(input: HandinInput): HandinDocument {
  const data = handinDataOf(input);
  return renderHandinData(data, sealHandinData(data, input.courseSalt));
}

/** What the hand-in is drawn from, passed through JSON once (as verification reads it back). */
export function handinDataOf(input: HandinInput): HandinData {
  const data: HandinData = {
    format: handinDataFormat,
    proclabVersion: proclabVersion(),
    language: input.language,
    lab: { id: input.labId, title: input.labTitle, charts: input.charts, tables: input.tables, questions: input.questions, checks: [...input.checks], defaultScenario: input.defaultScenario },
    student: input.student,
    runs: input.runs,
  };
  return JSON.parse(JSON.stringify(data)) as HandinData;
}

/** The contents: every run (when, what differs), then the answers and the raw data. */
export function handinContents(data: HandinData): ContentsEntry[] {
  const { language } = data;
  const text = handinTexts[language];
  const entries: ContentsEntry[] = [{ anchor: 'checks-over-runs', title: text.checksOverRuns }];
  data.runs.forEach((run, index) => {
    entries.push({
      anchor: runAnchor(index + 1),
      title: `${text.runHeading(index + 1)} · ${localTime(run.createdAt, language)} · ${run.runId.slice(0, 8)}`,
      detail: differencesLine(data.lab.defaultScenario, run.scenarioText, language),
    });
  });
  if (data.lab.questions.length > 0) entries.push({ anchor: 'questions', title: reportInstructorTexts[language].questionsSection });
  entries.push({ anchor: 'raw-data', title: reportInstructorTexts[language].dataSection });
  return entries;
}

function runSection(data: HandinData, run: RunDetail, position: number): string {
  const { language } = data;
  const text = handinTexts[language];
  const parts = [
    runFactsSection(run, position, language),
    differencesSection(data.lab.defaultScenario, run, position, language),
    nestedSection(checksSection(run, language), position),
    nestedSection(metricsSection(run, data.lab.tables, language), position),
    nestedSection(chartsSection(run, data.lab.charts, language), position),
  ];
  return (
    `<section id="${runAnchor(position)}" class="report-section handin-run" data-run-id="${escapeHtml(run.runId)}">\n` +
    `<h2>${escapeHtml(`${text.runHeading(position)} · ${localTime(run.createdAt, language)}`)}</h2>\n${parts.join('\n')}\n</section>`
  );
}

/** The hand-in drawn from its data alone: the same data always gives the same page. */
export function renderHandinData(data: HandinData, seal: ReportSeal | null): HandinDocument {
  const { language } = data;
  const text = handinTexts[language];
  const block: HandinDataBlock = { ...data, sha256: handinDataSha256(data), seal };
  const labTitle = data.lab.title[language] ?? data.lab.title.en;
  const sections = [
    `<div class="overview">\n<div>\n${contentsSection(handinContents(data), language)}\n</div>\n<div>\n${studentSection(data.student, language)}\n</div>\n</div>`,
    checksOverRunsSection(data.runs, language),
    ...data.runs.map((run, index) => runSection(data, run, index + 1)),
    ...(data.lab.questions.length > 0 ? [handinAnswersSection(data.lab.questions, data.runs, language)] : []),
    `<div class="closing">\n<section id="integrity" class="report-section">\n<h2>${escapeHtml(reportTexts[language].integritySection)}</h2>\n<p>${escapeHtml(text.integrityExplanation)}</p>\n</section>\n${handinDataSection(block, language)}\n</div>`,
  ];
  const html = reportPageHtml({
    language,
    proclabVersion: data.proclabVersion,
    metas: [['proclab-handin-runs', data.runs.map((run) => run.runId).join(',')]],
    title: `${labTitle} — ${text.heading(data.runs.length)}`,
    styles: `${reportStyles}${answerStyles}${handinStyles}`,
    heading: labTitle,
    subtitleHtml: `${escapeHtml(text.heading(data.runs.length))}${data.student === null ? '' : ` · <code>${escapeHtml(data.student.studentId)}</code>`}`,
    sections,
    footer: `${reportTexts[language].generatedBy} ${data.proclabVersion}`,
  });
  return { fileName: handinFileName(data.lab.id, data.student?.studentId ?? null, data.runs.length), html, sha256: block.sha256, runIds: data.runs.map((run) => run.runId) };
}

/** `proclab-<labId>-handin-<student>.html`, with anything unsafe in a file name replaced. */
export function handinFileName(labId: string, studentId: string | null, runCount: number): string {
  return `proclab-${safeFileNamePart(labId)}-handin-${studentId === null ? `${runCount}-runs` : safeFileNamePart(studentId)}.html`;
}
