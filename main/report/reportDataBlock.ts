import { createHash, createHmac } from 'node:crypto';
import type { ChartSpec, Language, LocalizedText, RunDetail, TableSpec } from '../../preload/api.ts';
import { saltFingerprint } from './saltFingerprint.ts';
import { canonicalJson } from './canonicalJson.ts';
import { decodeHtmlEntities, escapeHtml } from './htmlEscape.ts';
import type { ReportQuestion } from './reportAnswers.ts';
import { reportInstructorTexts } from './reportInstructorText.ts';

/** Names the embedded block's shape; `proclab verify` refuses shapes it does not know. */
export const reportDataFormat = 'proclab-report-data/1';

/** The element that carries the block; it is hidden, and never part of the page's visible text. */
export const dataBlockId = 'proclab-report-data';

/** The lab as a report carries it: what the page is drawn and its checks recomputed with. */
export interface ReportLab {
  id: string;
  title: LocalizedText;
  charts: ChartSpec[];
  /** The engine's tables, so the page's numbers can be drawn again exactly as they were shown. */
  tables: TableSpec[];
  questions: ReportQuestion[];
  /**
   * The lab's public checks when the report was exported, as lab.yaml defines them, so checks
   * can be recomputed without the lab. The report only carries them; verification reads them
   * back with the lab's schema.
   */
  checks: unknown[];
}

/** Everything a report is drawn from. Drawing the report again from it gives the same page. */
export interface ReportData {
  format: typeof reportDataFormat;
  /** The proclab that drew the page; another version may draw it differently. */
  proclabVersion: string;
  language: Language;
  lab: ReportLab;
  run: RunDetail;
}

/** An HMAC of the data keyed with the course salt (see docs/authoring-labs.md for what it proves). */
export interface ReportSeal {
  saltFingerprint: string;
  hmacSha256: string;
}

export interface ReportDataBlock extends ReportData {
  /** SHA-256 of the canonical JSON of the data above. */
  sha256: string;
  seal: ReportSeal | null;
}

export function reportDataSha256(data: ReportData): string {
  return createHash('sha256').update(canonicalJson(dataPart(data)), 'utf8').digest('hex');
}

export function sealReportData(data: ReportData, courseSalt: string): ReportSeal | null {
  if (courseSalt === '') return null;
  return { saltFingerprint: saltFingerprint(courseSalt), hmacSha256: createHmac('sha256', courseSalt).update(canonicalJson(dataPart(data)), 'utf8').digest('hex') };
}

/** Only the data members, whatever else a parsed block carries. */
export function dataPart(data: ReportData): ReportData {
  return { format: data.format, proclabVersion: data.proclabVersion, language: data.language, lab: data.lab, run: data.run };
}

/**
 * JSON as element text: `<`, `>` and `&` are written as JSON escapes, so the text needs no HTML
 * escaping, survives a browser saving the page again, and reads back with JSON.parse as it is.
 */
export function jsonForElement(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The visible part (hash and seal) and the hidden block itself. */
export function dataSection(block: ReportDataBlock, language: Language): string {
  const text = reportInstructorTexts[language];
  const seal = block.seal === null ? escapeHtml(text.notSealed) : escapeHtml(text.sealed(block.seal.saltFingerprint));
  const facts =
    `<dl class="facts">\n<dt>${escapeHtml(text.dataSha256)}</dt><dd><code class="hash">${escapeHtml(block.sha256)}</code></dd>\n` +
    `<dt>${escapeHtml(text.seal)}</dt><dd>${seal}</dd>\n</dl>`;
  return (
    `<section id="raw-data" class="report-section">\n<h2>${escapeHtml(text.dataSection)}</h2>\n${facts}\n<p>${escapeHtml(text.dataExplanation)}</p>\n` +
    `<pre id="${dataBlockId}" hidden data-format="${reportDataFormat}">${jsonForElement(block)}</pre>\n</section>`
  );
}

export type ExtractedBlock = { ok: true; block: ReportDataBlock } | { ok: false; reason: string };

const blockPattern = new RegExp(`<pre\\b[^>]*\\bid\\s*=\\s*["']?${dataBlockId}["']?[^>]*>([\\s\\S]*?)</pre\\s*>`, 'i');

/** Finds and parses the block in a report's HTML, checking only its outline (verify checks the rest). */
export function extractDataBlock(html: string): ExtractedBlock {
  const match = blockPattern.exec(html);
  if (match === null) return { ok: false, reason: 'the report has no embedded data block (it was not exported by this proclab, or the block was removed)' };
  let value: unknown;
  try {
    value = JSON.parse(decodeHtmlEntities(match[1]!));
  } catch (error) {
    return { ok: false, reason: `the embedded data block is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const outline = blockOutlineProblem(value);
  if (outline !== undefined) return { ok: false, reason: outline };
  return { ok: true, block: value as ReportDataBlock };
}

/** The start and end of the block in the HTML, so the rest of the page can be read without it. */
export function withoutDataBlock(html: string): string {
  return html.replace(blockPattern, '');
}

function blockOutlineProblem(value: unknown): string | undefined {
  const record = (item: unknown): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item);
  if (!record(value)) return 'the embedded data block is not an object';
  if (value.format !== reportDataFormat) return `the embedded data has format ${JSON.stringify(value.format)}; this proclab reads ${reportDataFormat}`;
  if (typeof value.sha256 !== 'string' || typeof value.proclabVersion !== 'string') return 'the embedded data lacks its hash or version';
  if (value.language !== 'en' && value.language !== 'pt-BR') return 'the embedded data names no report language';
  const lab = value.lab;
  if (!record(lab) || typeof lab.id !== 'string' || !record(lab.title) || !Array.isArray(lab.charts) || !Array.isArray(lab.tables) || !Array.isArray(lab.questions) || !Array.isArray(lab.checks)) return 'the embedded data lacks the lab';
  const runProblem = runOutlineProblem(value.run);
  if (runProblem !== undefined) return runProblem;
  if (value.seal !== null && !(record(value.seal) && typeof value.seal.hmacSha256 === 'string' && typeof value.seal.saltFingerprint === 'string')) return 'the embedded seal is malformed';
  return undefined;
}

/** The outline of one embedded run (its members, answers, checks and student), as verification reads it. */
export function runOutlineProblem(run: unknown): string | undefined {
  const record = (item: unknown): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item);
  if (!record(run)) return 'the embedded data lacks the run';
  for (const key of ['runId', 'labId', 'engine', 'status', 'scenarioText', 'scenarioHash', 'createdAt'] as const) {
    if (typeof run[key] !== 'string') return `the embedded run lacks ${key}`;
  }
  if (typeof run.seed !== 'number') return 'the embedded run lacks its seed';
  for (const key of ['samples', 'timeline', 'log', 'checks', 'answers'] as const) {
    if (!Array.isArray(run[key])) return `the embedded run lacks its ${key}`;
  }
  if (!record(run.environment)) return 'the embedded run lacks its environment';
  const texts = (item: unknown, keys: readonly string[]): boolean => record(item) && keys.every((key) => typeof item[key] === 'string');
  if (!(run.answers as unknown[]).every((answer) => texts(answer, ['questionId', 'markdown', 'updatedAt']))) return 'the embedded answers are malformed';
  if (!(run.checks as unknown[]).every((check) => texts(check, ['checkId', 'detail']) && typeof (check as Record<string, unknown>).passed === 'boolean')) return 'the embedded check results are malformed';
  const student = run.student;
  if (student !== null && !(texts(student, ['studentId', 'saltFingerprint', 'derivation']) && Array.isArray((student as Record<string, unknown>).values) && ((student as Record<string, unknown>).values as unknown[]).every((value) => texts(value, ['id', 'path', 'value'])))) {
    return 'the embedded student is malformed';
  }
  return undefined;
}
