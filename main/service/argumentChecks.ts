import type { Language, LabError, RunListFilter, StartRunRequest } from '../../preload/api.ts';
import { maxScenarioBytes } from '../../common/scenarioLimits.ts';
import { normalizeStudentId, studentIdRule } from '../lab/labVariants.ts';
import { maxPackBytes } from '../packs/labPackFormat.ts';

/** Thrown by a check; the service turns it into an `invalid-argument` error value. */
export class InvalidArgument extends Error {
  override readonly name = 'InvalidArgument';
}

const identifierPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
const runIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function labIdArgument(value: unknown): string {
  if (typeof value !== 'string' || !identifierPattern.test(value)) throw new InvalidArgument('labId must be a lab identifier like "server-architectures"');
  return value;
}

export function runIdArgument(value: unknown): string {
  if (typeof value !== 'string' || !runIdPattern.test(value)) throw new InvalidArgument('runId must be a run identifier (a UUID)');
  return value;
}

export function watchIdArgument(value: unknown): string {
  if (typeof value !== 'string' || !runIdPattern.test(value)) throw new InvalidArgument('watchId must be the id that watchRun answered');
  return value;
}

export function scenarioTextArgument(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidArgument('scenarioText must be text');
  if (Buffer.byteLength(value) > maxScenarioBytes) throw new InvalidArgument(`scenarioText is larger than ${maxScenarioBytes / 1024} KiB`);
  return value;
}

export function seedArgument(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 0xffffffff) throw new InvalidArgument('seed must be a whole number from 0 to 4294967295');
  return value;
}

function plainObject(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgument(`${name} must be an object`);
  return value as Record<string, unknown>;
}

function onlyKeys(object: Record<string, unknown>, keys: readonly string[], name: string): void {
  for (const key of Object.keys(object)) {
    if (!keys.includes(key)) throw new InvalidArgument(`${name} has an unknown member "${key}"`);
  }
}

export function startRunArgument(value: unknown): StartRunRequest {
  const object = plainObject(value, 'the run request');
  onlyKeys(object, ['labId', 'scenarioText', 'seed', 'studentId'], 'the run request');
  const seed = seedArgument(object.seed);
  const request: StartRunRequest = { labId: labIdArgument(object.labId), scenarioText: scenarioTextArgument(object.scenarioText) };
  if (seed !== undefined) request.seed = seed;
  if (object.studentId !== undefined) request.studentId = studentIdArgument(object.studentId);
  return request;
}

/** A student id, normalized (trimmed, lower case) as variants use it. */
export function studentIdArgument(value: unknown): string {
  const normalized = typeof value === 'string' && value.length <= 256 ? normalizeStudentId(value) : undefined;
  if (normalized === undefined) throw new InvalidArgument(`studentId is not a student id: ${studentIdRule}`);
  return normalized;
}

const questionIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** An answer is prose with a few tables in it; 64 KiB is many pages of it. */
export const maxAnswerBytes = 64 * 1024;

export function questionIdArgument(value: unknown): string {
  if (typeof value !== 'string' || !questionIdPattern.test(value)) throw new InvalidArgument('questionId must be a question identifier like "q1"');
  return value;
}

export function answerArgument(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidArgument('the answer must be text (Markdown)');
  if (Buffer.byteLength(value) > maxAnswerBytes) throw new InvalidArgument(`an answer is at most ${maxAnswerBytes / 1024} KiB`);
  return value;
}

export function packTextArgument(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidArgument('the lab pack must be the text of a .proclab file');
  if (Buffer.byteLength(value) > maxPackBytes) throw new InvalidArgument(`a lab pack is at most ${maxPackBytes / 1024} KiB`);
  return value;
}

export function runListFilterArgument(value: unknown): RunListFilter {
  if (value === undefined) return {};
  const object = plainObject(value, 'the run filter');
  onlyKeys(object, ['labId', 'limit'], 'the run filter');
  const filter: RunListFilter = {};
  if (object.labId !== undefined) filter.labId = labIdArgument(object.labId);
  if (object.limit !== undefined) {
    if (typeof object.limit !== 'number' || !Number.isInteger(object.limit) || object.limit < 1 || object.limit > 10_000) throw new InvalidArgument('limit must be a whole number from 1 to 10000');
    filter.limit = object.limit;
  }
  return filter;
}

export function languageArgument(value: unknown): Language {
  if (value === undefined) return 'en';
  if (value !== 'en' && value !== 'pt-BR') throw new InvalidArgument('language must be "en" or "pt-BR"');
  return value;
}

export function listenerArgument(value: unknown): (event: never) => void {
  if (typeof value !== 'function') throw new InvalidArgument('the run listener must be a function');
  return value as (event: never) => void;
}

export function invalidArgumentError(error: InvalidArgument): LabError {
  return { code: 'invalid-argument', message: error.message };
}

/** The runs of a hand-in: 1 to `most` distinct run ids, in the order given. */
export function runIdListArgument(value: unknown, most: number): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > most) throw new InvalidArgument(`runIds must be a list of 1 to ${most} run identifiers`);
  const runIds = value.map((item, index) => {
    if (typeof item !== 'string' || !runIdPattern.test(item)) throw new InvalidArgument(`runIds[${index}] must be a run identifier (a UUID)`);
    return item;
  });
  const repeated = runIds.find((runId, index) => runIds.indexOf(runId) !== index);
  if (repeated !== undefined) throw new InvalidArgument(`runIds lists run ${repeated} twice`);
  return runIds;
}
