// A class of students handing in reports of one lab, made through the real store and the real
// export: a course lab with variables, points, partial credit, a rubric and a hidden check; one
// run per student with seeded measurements chosen to pass, partly pass or fail each check; and
// each run exported as its student would. Used by the grading test and the grading benchmark.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language, RunMetrics, StudentVariant } from '../../preload/api.ts';
import { evaluateChecks } from '../../main/lab/checkEvaluation.ts';
import { defaultLabsDirectory } from '../../main/lab/labCatalog.ts';
import { describeEnvironment } from '../../main/runs/runEnvironment.ts';
import { seededRandom } from '../../main/runs/seededRandom.ts';
import { parseEngineScenario } from '../../main/scenario/engineScenario.ts';
import { LabService, labVariant, studentVariant } from '../../main/service/labService.ts';
import { createHash, randomUUID } from 'node:crypto';

export const courseLabId = 'course-blocking';
export const courseSalt = 'b7c1e0f2a9d84e61-course-2025-second-term';
export const hiddenCheck = {
  id: 'pool-p99-within-fifth',
  titleEn: 'Secret: the pool keeps its p99 lateness within a fifth of the call',
  titlePtBr: 'Secreta: o pool mantém o atraso p99 dentro de um quinto da chamada',
  left: 'blocking[design=worker-pool].p99LatenessMs',
};

const labYaml = `id: ${courseLabId}
engine: threads-processes
title: { en: "Blocking calls", pt-BR: "Chamadas bloqueantes" }
summary: { en: "What one blocking call does to an event loop and to a pool.", pt-BR: "O que uma chamada bloqueante faz com um laço de eventos e com um pool." }
questions:
  - id: q1
    text: { en: "How late were the ticks?", pt-BR: "Quão atrasados ficaram os ticks?" }
    rubric:
      - { id: numbers, points: 2, text: { en: "Quotes both designs' max lateness", pt-BR: "Cita o atraso máximo dos dois projetos" } }
      - { id: reasoning, points: 3, text: { en: "Explains why one thread blocks all", pt-BR: "Explica por que uma thread bloqueia todas" } }
checks:
  - id: process-creation-costs-more
    title: { en: "A process takes longer to create than a thread", pt-BR: "Um processo demora mais para ser criado do que uma thread" }
    expect: { left: "creation[kind=process].p50Us", op: ">", factor: 1, right: "creation[kind=thread].p50Us" }
    points: 2
  - id: blocking-call-stalls-event-loop
    title: { en: "The event loop is late by most of the call", pt-BR: "O laço de eventos atrasa quase toda a chamada" }
    expect: { left: "blocking[design=event-loop].maxLatenessMs", op: ">=", factor: 0.8, right: "blocking[design=event-loop].blockMs" }
    points: 3
    partialWithin: 0.5
  - id: pool-keeps-ticks-on-time
    title: { en: "The pool keeps ticks within half the call", pt-BR: "O pool mantém os ticks dentro de metade da chamada" }
    expect: { left: "blocking[design=worker-pool].maxLatenessMs", op: "<", factor: 0.5, right: "blocking[design=worker-pool].blockMs" }
    points: 2
variables:
  - id: blocking-call
    path: blocking.blockingCall
    title: { en: "Blocking call", pt-BR: "Chamada bloqueante" }
    values: [60ms, 80ms, 100ms, 120ms, 140ms]
  - id: pool-size
    path: blocking.poolSize
    title: { en: "Pool size", pt-BR: "Tamanho do pool" }
    range: { from: 2, to: 4, step: 1 }
`;

const hiddenChecksYaml = `checks:
  - id: ${hiddenCheck.id}
    title: { en: "${hiddenCheck.titleEn}", pt-BR: "${hiddenCheck.titlePtBr}" }
    expect: { left: "${hiddenCheck.left}", op: "<", factor: 0.2, right: "blocking[design=worker-pool].blockMs" }
    points: 2
`;

/** Writes the instructor's copy of the course lab (with instructor/) into `labsDirectory`, and a copy of a shipped lab beside it. */
export function writeCourseLabs(labsDirectory: string): string {
  const folder = join(labsDirectory, courseLabId);
  mkdirSync(join(folder, 'instructor'), { recursive: true });
  cpSync(join(defaultLabsDirectory(), 'threads-processes'), join(labsDirectory, 'threads-processes'), { recursive: true });
  cpSync(join(defaultLabsDirectory(), 'threads-processes', 'scenario.yaml'), join(folder, 'scenario.yaml'));
  writeFileSync(join(folder, 'lab.yaml'), labYaml);
  writeFileSync(join(folder, 'instructions.en.md'), '# Blocking calls\n\nRun it.\n');
  writeFileSync(join(folder, 'instructions.pt-BR.md'), '# Chamadas bloqueantes\n\nExecute.\n');
  writeFileSync(join(folder, 'instructor', 'hidden-checks.yaml'), hiddenChecksYaml);
  writeFileSync(join(folder, 'instructor', 'course-salt'), `${courseSalt}\n`);
  return folder;
}

export type PoolOutcome = 'within-quarter' | 'within-half' | 'late';
export type StallOutcome = 'passed' | 'partial' | 'failed';

export interface GeneratedReport {
  studentId: string;
  runId: string;
  file: string;
  language: Language;
  /** What the run's own scenario has (another student's, for one who copied it). */
  scenarioStudentId: string;
  processSlower: boolean;
  stall: StallOutcome;
  pool: PoolOutcome;
  eventLoopLatenessMs: number;
  blockMs: number;
  hasAnswer: boolean;
}

function blockMsOf(student: StudentVariant): number {
  return Number.parseInt(student.values.find((value) => value.id === 'blocking-call')!.value, 10);
}

function between(random: () => number, low: number, high: number): number {
  return Math.round((low + (high - low) * random()) * 1000) / 1000;
}

/**
 * One succeeded run per student, recorded in the service's store and exported to
 * `reportsDirectory/<id>.html`. `copiesScenarioOf` makes one student run another's variant.
 */
export async function generateClassReports(service: LabService, reportsDirectory: string, count: number, seed: number, copiesScenarioOf: Map<string, string> = new Map()): Promise<GeneratedReport[]> {
  mkdirSync(reportsDirectory, { recursive: true });
  const lab = service.catalog.get(courseLabId)!;
  const random = seededRandom(seed);
  const stallOutcomes: StallOutcome[] = ['passed', 'partial', 'failed'];
  const poolOutcomes: PoolOutcome[] = ['within-quarter', 'within-half', 'late'];
  const reports: GeneratedReport[] = [];
  for (let index = 0; index < count; index += 1) {
    const studentId = `s2025-${String(index + 1).padStart(3, '0')}`;
    const scenarioStudentId = copiesScenarioOf.get(studentId) ?? studentId;
    const student = studentVariant(lab, studentId);
    const scenarioText = labVariant(lab, scenarioStudentId).scenarioText;
    const blockMs = blockMsOf(studentVariant(lab, scenarioStudentId));
    const processSlower = index % 5 !== 4;
    const stall = stallOutcomes[index % 3]!;
    const pool = poolOutcomes[Math.floor(index / 3) % 3]!;
    const target = 0.8 * blockMs;
    const eventLoopLatenessMs = stall === 'passed' ? between(random, 0.85, 1.1) * blockMs : stall === 'partial' ? target * (1 - between(random, 0.05, 0.45)) : target * (1 - between(random, 0.55, 0.9));
    const poolLatenessMs = blockMs * (pool === 'within-quarter' ? between(random, 0.02, 0.2) : pool === 'within-half' ? between(random, 0.3, 0.45) : between(random, 0.6, 0.9));
    const threadUs = between(random, 20_000, 40_000);
    const metrics: RunMetrics = {
      creation: [
        { kind: 'task', label: 'task', count: 30, p50Us: between(random, 5, 50), p99Us: 90 },
        { kind: 'thread', label: 'worker thread', count: 30, p50Us: threadUs, p99Us: threadUs * 1.5 },
        { kind: 'process', label: 'child process', count: 30, p50Us: threadUs * (processSlower ? between(random, 1.5, 3) : between(random, 0.5, 0.9)), p99Us: threadUs * 4 },
      ],
      roundTrip: [{ channel: 'thread', label: 'postMessage', p50Us: between(random, 20, 60), p99Us: 120 }],
      blocking: [
        { design: 'event-loop', label: 'event loop', ticks: 380, tickIntervalMs: 5, requests: 5, unservedRequests: 0, blockMs, blockedMeanMs: blockMs, responseMaxMs: blockMs + 1, p50LatenessMs: 0.2, p99LatenessMs: eventLoopLatenessMs * 0.9, maxLatenessMs: eventLoopLatenessMs },
        { design: 'worker-pool', label: 'worker pool', ticks: 399, tickIntervalMs: 5, requests: 5, unservedRequests: 0, blockMs, blockedMeanMs: blockMs, responseMaxMs: blockMs + 2, p50LatenessMs: 0.1, p99LatenessMs: poolLatenessMs * 0.8, maxLatenessMs: poolLatenessMs },
      ],
    };
    const runId = randomUUID();
    const createdAt = new Date(Date.UTC(2025, 4, 2, 9, 0, index)).toISOString();
    service.store.createRun({ runId, labId: courseLabId, engine: 'threads-processes', seed: 1000 + index, scenarioText, scenarioHash: createHash('sha256').update(scenarioText).digest('hex'), environment: describeEnvironment('desktop'), createdAt, student });
    service.store.markRunning(runId, createdAt);
    for (let tick = 0; tick < 40; tick += 1) {
      service.store.appendSample(runId, { timeMs: tick * 50, series: 'event-loop', values: { tickLatenessMs: tick % 8 === 0 ? eventLoopLatenessMs : between(random, 0, 0.5) } });
      service.store.appendSample(runId, { timeMs: tick * 50, series: 'worker-pool', values: { tickLatenessMs: tick % 8 === 0 ? poolLatenessMs : between(random, 0, 0.5) } });
    }
    service.store.appendTimeline(runId, { timeMs: 0, kind: 'phase', message: 'creation' });
    service.store.appendTimeline(runId, { timeMs: 900, kind: 'phase', message: 'blocking' });
    const scenario = parseEngineScenario(scenarioText, 'threads-processes');
    if (!scenario.ok) throw new Error(`the variant scenario of ${studentId} does not parse: ${scenario.diagnostics[0]!.message}`);
    service.store.saveCheckResults(runId, evaluateChecks(lab.definition.checks, scenario.value, metrics));
    service.store.finishRun(runId, { status: 'succeeded', finishedAt: new Date(Date.parse(createdAt) + 4000).toISOString(), durationMs: 4000, metrics, error: null });
    const hasAnswer = index % 4 !== 3;
    if (hasAnswer) {
      service.store.saveAnswer(runId, 'q1', `The event loop was late by **{{blocking[design=event-loop].maxLatenessMs}} ms**, the pool by {{blocking[design=worker-pool].maxLatenessMs}} ms.\n\nOne thread runs everything, so a blocking call stops every tick.`, createdAt);
    }
    const language: Language = index % 2 === 0 ? 'en' : 'pt-BR';
    const exported = await service.exportReport(runId, language);
    if (!exported.ok) throw new Error(exported.error.message);
    const file = join(reportsDirectory, `${studentId}.html`);
    writeFileSync(file, exported.value.html);
    reports.push({ studentId, runId, file, language, scenarioStudentId, processSlower, stall, pool, eventLoopLatenessMs: eventLoopLatenessMs, blockMs, hasAnswer });
  }
  return reports;
}
