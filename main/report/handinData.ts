import { createHash, createHmac } from 'node:crypto';
import type { Language, RunDetail, StudentVariant } from '../../preload/api.ts';
import { canonicalJson } from './canonicalJson.ts';
import { decodeHtmlEntities, escapeHtml } from './htmlEscape.ts';
import { dataBlockId, jsonForElement, runOutlineProblem, type ReportLab, type ReportSeal } from './reportDataBlock.ts';
import { reportInstructorTexts } from './reportInstructorText.ts';
import { saltFingerprint } from './saltFingerprint.ts';

/** Names the shape of a hand-in's embedded block; a single run's report has its own format. */
export const handinDataFormat = 'proclab-handin-data/1';

/** A hand-in holds at least one run and at most this many: a lab's questions ask for a handful. */
export const maxHandinRuns = 24;

/** Everything a hand-in report is drawn from. Drawing it again from this gives the same page. */
export interface HandinData {
  format: typeof handinDataFormat;
  proclabVersion: string;
  language: Language;
  lab: ReportLab & {
    /** What each run's scenario is compared with in its section. */
    defaultScenario: string;
  };
  /** Who made the runs (every run that records a student records this one). */
  student: StudentVariant | null;
  /** In the order the student put them in. */
  runs: RunDetail[];
}

export interface HandinDataBlock extends HandinData {
  sha256: string;
  seal: ReportSeal | null;
}

function dataPart(data: HandinData): HandinData {
  return { format: data.format, proclabVersion: data.proclabVersion, language: data.language, lab: data.lab, student: data.student, runs: data.runs };
}

export function handinDataSha256(data: HandinData): string {
  return createHash('sha256').update(canonicalJson(dataPart(data)), 'utf8').digest('hex');
}

export function sealHandinData(data: HandinData, courseSalt: string): ReportSeal | null {
  if (courseSalt === '') return null;
  return { saltFingerprint: saltFingerprint(courseSalt), hmacSha256: createHmac('sha256', courseSalt).update(canonicalJson(dataPart(data)), 'utf8').digest('hex') };
}

/** The visible hash and seal, and the hidden block, as the single-run report writes them. */
export function handinDataSection(block: HandinDataBlock, language: Language): string {
  const text = reportInstructorTexts[language];
  const seal = block.seal === null ? escapeHtml(text.notSealed) : escapeHtml(text.sealed(block.seal.saltFingerprint));
  const facts =
    `<dl class="facts">\n<dt>${escapeHtml(text.dataSha256)}</dt><dd><code class="hash">${escapeHtml(block.sha256)}</code></dd>\n` +
    `<dt>${escapeHtml(text.seal)}</dt><dd>${seal}</dd>\n</dl>`;
  return (
    `<section id="raw-data" class="report-section">\n<h2>${escapeHtml(text.dataSection)}</h2>\n${facts}\n<p>${escapeHtml(text.dataExplanation)}</p>\n` +
    `<pre id="${dataBlockId}" hidden data-format="${handinDataFormat}">${jsonForElement(block)}</pre>\n</section>`
  );
}

const blockPattern = new RegExp(`<pre\\b[^>]*\\bid\\s*=\\s*["']?${dataBlockId}["']?[^>]*>([\\s\\S]*?)</pre\\s*>`, 'i');

/** True when the page's embedded block says it is a hand-in (read before parsing it as one). */
export function isHandinHtml(html: string): boolean {
  const match = blockPattern.exec(html);
  if (match === null) return false;
  const opening = /^<pre\b[^>]*>/i.exec(match[0])?.[0] ?? '';
  return opening.includes(`data-format="${handinDataFormat}"`) || match[1]!.includes(`"format":"${handinDataFormat}"`);
}

export type ExtractedHandin = { ok: true; block: HandinDataBlock } | { ok: false; reason: string };

/** Finds and parses a hand-in's block, checking its outline; each run is checked like a report's. */
export function extractHandinBlock(html: string): ExtractedHandin {
  const match = blockPattern.exec(html);
  if (match === null) return { ok: false, reason: 'the hand-in has no embedded data block' };
  let value: unknown;
  try {
    value = JSON.parse(decodeHtmlEntities(match[1]!));
  } catch (error) {
    return { ok: false, reason: `the embedded data block is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const record = (item: unknown): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item);
  if (!record(value) || value.format !== handinDataFormat) return { ok: false, reason: `the embedded data is not ${handinDataFormat}` };
  if (typeof value.sha256 !== 'string' || typeof value.proclabVersion !== 'string') return { ok: false, reason: 'the embedded data lacks its hash or version' };
  if (value.language !== 'en' && value.language !== 'pt-BR') return { ok: false, reason: 'the embedded data names no report language' };
  const lab = value.lab;
  if (!record(lab) || typeof lab.id !== 'string' || !record(lab.title) || typeof lab.defaultScenario !== 'string' || ![lab.charts, lab.tables, lab.questions, lab.checks].every(Array.isArray)) {
    return { ok: false, reason: 'the embedded data lacks the lab' };
  }
  if (!Array.isArray(value.runs) || value.runs.length === 0 || value.runs.length > maxHandinRuns) return { ok: false, reason: `the embedded data holds no list of 1 to ${maxHandinRuns} runs` };
  for (const [index, run] of (value.runs as unknown[]).entries()) {
    const problem = runOutlineProblem(run);
    if (problem !== undefined) return { ok: false, reason: `run ${index + 1}: ${problem}` };
  }
  const student = value.student;
  if (student !== null && !(record(student) && typeof student.studentId === 'string' && typeof student.saltFingerprint === 'string' && Array.isArray(student.values))) {
    return { ok: false, reason: 'the embedded student is malformed' };
  }
  if (value.seal !== null && !(record(value.seal) && typeof value.seal.hmacSha256 === 'string' && typeof value.seal.saltFingerprint === 'string')) return { ok: false, reason: 'the embedded seal is malformed' };
  return { ok: true, block: value as unknown as HandinDataBlock };
}
