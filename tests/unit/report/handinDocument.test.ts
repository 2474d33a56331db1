import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LabCheck } from '../../../main/lab/labDefinition.ts';
import { extractHandinBlock, isHandinHtml } from '../../../main/report/handinData.ts';
import { handinContents, handinDataOf, renderHandinHtml, type HandinInput } from '../../../main/report/handinDocument.ts';
import { differencesFromDefault, differencesLine, nestedSection } from '../../../main/report/handinSections.ts';
import { verifyReportHtml } from '../../../main/verify/verifyReport.ts';
import type { RunDetail } from '../../../preload/api.ts';
import { charts, labTitle, questions, sampleRun, tables } from './reportFixtures.ts';

const defaultScenario = 'engine: architectures\n# the lab default\nload:\n  connections: 1\n  duration: 2s\nservers:\n  - name: iterative\n    architecture: iterative\n';

const checks: LabCheck[] = [
  {
    id: 'threaded-faster',
    title: { en: 'Threaded beats iterative', 'pt-BR': 'Com threads supera o iterativo' },
    when: { path: '', equals: '', and: [] },
    expect: { left: 'servers[architecture=thread-per-request].throughputRps', op: '>', factor: 1, right: 'servers[architecture=iterative].throughputRps' },
    points: 1,
    partialWithin: 0,
  },
];

function runWith(index: number, connections: number, throughputRps: number): RunDetail {
  const run = sampleRun();
  run.runId = `3f2a9c1e-0000-4000-8000-00000000000${index}`;
  run.createdAt = `2025-03-01T12:0${index}:00.000Z`;
  run.scenarioText = defaultScenario.replace('connections: 1', `connections: ${connections}`);
  run.scenarioHash = createHash('sha256').update(run.scenarioText).digest('hex');
  // The fixture shares its metrics between calls: each run gets its own copy.
  run.metrics = structuredClone(run.metrics);
  const metrics = run.metrics as Record<'servers' | 'measurements', { architecture: string; throughputRps: number }[]>;
  for (const list of [metrics.servers, metrics.measurements]) list.find((server) => server.architecture === 'thread-pool')!.throughputRps = throughputRps;
  run.checks = [{ checkId: 'threaded-faster', title: checks[0]!.title, passed: true, detail: 'servers[architecture=thread-per-request].throughputRps = 1200 > 400.25' }];
  return run;
}

function input(runs: RunDetail[], language: 'en' | 'pt-BR' = 'en'): HandinInput {
  return { runs, labId: 'architectures', labTitle, defaultScenario, charts, tables, questions, checks, student: null, language, courseSalt: 'course salt of 2025' };
}

function threeRuns(): RunDetail[] {
  const runs = [runWith(1, 1, 1500), runWith(2, 4, 2500), runWith(3, 16, 3500)];
  runs[0]!.answers = [{ questionId: 'why-pool', markdown: 'With one connection the pool reached {{servers[architecture=thread-pool].throughputRps}} req/s.', updatedAt: '2025-03-01T12:05:00.000Z' }];
  runs[2]!.answers = [{ questionId: 'why-pool', markdown: 'With 16: {{servers[architecture=thread-pool].throughputRps}} req/s.', updatedAt: '2025-03-01T12:06:00.000Z' }];
  return runs;
}

describe('the hand-in report', () => {
  it('lists every run in its table of contents, each linked to a section that exists', () => {
    const html = renderHandinHtml(input(threeRuns())).html;
    const contents = /<nav id="contents"[\s\S]*?<\/nav>/.exec(html)![0];
    for (const position of [1, 2, 3]) {
      expect(contents).toContain(`href="#run-${position}"`);
      expect(html).toContain(`<section id="run-${position}" class="report-section handin-run"`);
    }
    expect(contents).toContain('href="#questions"');
    expect(contents).toContain('load.connections 4');
    expect(contents).toContain('load.connections 16');
    const anchors = [...contents.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]!);
    for (const anchor of anchors) expect(html, anchor).toMatch(new RegExp(`id="${anchor}"`));
  });

  it('gives every element a unique id, though each run reuses the single-run sections', () => {
    const html = renderHandinHtml(input(threeRuns())).html;
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!);
    expect(ids.length).toBeGreaterThan(15);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain('id="run-2-metrics"');
    expect(html).toContain('id="run-3-checks"');
  });

  it('draws each run’s tables from the engine’s declarations, with every declared column heading', () => {
    const html = renderHandinHtml(input(threeRuns())).html;
    const run2 = /<section id="run-2" [\s\S]*?(?=<section id="run-3" )/.exec(html)![0];
    expect(run2).toMatch(/<table class="metrics[^"]*" data-table-id="/);
    expect(run2).toContain('2,500');
    expect(run2).not.toContain('3,500');
  });

  it('shows what each run changed against the lab’s default, and says so when nothing changed', () => {
    expect(differencesFromDefault(defaultScenario, defaultScenario)).toEqual([]);
    expect(differencesFromDefault(defaultScenario, defaultScenario.replace('duration: 2s', 'duration: 5s').replace('connections: 1', 'connections: 64'))).toEqual([
      { path: 'load.connections', defaultValue: '1', runValue: '64' },
      { path: 'load.duration', defaultValue: '2s', runValue: '5s' },
    ]);
    expect(differencesLine(defaultScenario, defaultScenario, 'pt-BR')).toBe('O cenário padrão do laboratório, sem alterações.');
    const html = renderHandinHtml(input(threeRuns())).html;
    const run1 = /<section id="run-1-scenario"[\s\S]*?<\/section>/.exec(html)![0];
    expect(run1).toContain('unchanged');
    const run3 = /<section id="run-3-scenario"[\s\S]*?<\/section>/.exec(html)![0];
    expect(run3).toContain('<td><code>load.connections</code></td><td><code>1</code></td><td><code>16</code></td>');
  });

  it('puts each answer under the run it was written with, citing that run’s numbers', () => {
    const html = renderHandinHtml(input(threeRuns())).html;
    const question = /<div class="question" data-question-id="why-pool">[\s\S]*?<\/div>\n<\/div>/.exec(html)![0];
    expect(question).toContain('href="#run-1"');
    expect(question).toContain('href="#run-3"');
    expect(question).not.toContain('href="#run-2"');
    expect(question).toContain('>1,500</span>');
    expect(question).toContain('>3,500</span>');
    expect(html).toMatch(/<div class="question" data-question-id="cpus">[\s\S]*?No answer was written/);
  });

  it('nests a single-run section one level down under its run’s id', () => {
    expect(nestedSection('<section id="checks" class="report-section">\n<h2>Checks</h2>\n<p>x</p>\n</section>', 2)).toBe(
      '<section id="run-2-checks" class="report-section">\n<h3>Checks</h3>\n<p>x</p>\n</section>',
    );
  });

  it('speaks pt-BR throughout when asked to, with local dates', () => {
    const html = renderHandinHtml(input(threeRuns(), 'pt-BR')).html;
    expect(html).toContain('Relatório de entrega · 3 execuções');
    expect(html).toContain('>Sumário</h2>');
    expect(handinContents(handinDataOf(input(threeRuns(), 'pt-BR')))[1]!.title).toMatch(/^Execução 1 · 1 de mar\. de 2025/);
    expect(html).not.toContain('2025-03-01T12:01:00.000Z</');
  });

  it('embeds its data as a hand-in block that reads back whole', () => {
    const html = renderHandinHtml(input(threeRuns())).html;
    expect(isHandinHtml(html)).toBe(true);
    const extracted = extractHandinBlock(html);
    expect(extracted.ok).toBe(true);
    if (extracted.ok) expect(extracted.block.runs.map((run) => run.runId)).toEqual(threeRuns().map((run) => run.runId));
  });
});

describe('proclab verify on a hand-in', () => {
  it('finds nothing wrong with a hand-in as it was exported', () => {
    const result = verifyReportHtml(renderHandinHtml(input(threeRuns())).html, { courseSalt: 'course salt of 2025' });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.handin?.runs).toHaveLength(3);
  });

  it('flags a number changed in the second run’s table, and says in which run', () => {
    const html = renderHandinHtml(input(threeRuns())).html;
    const run2Start = html.indexOf('<section id="run-2" ');
    const shown = /<td class="number" data-column="throughputRps">2,500([^<]*)<\/td>/.exec(html.slice(run2Start))!;
    const at = run2Start + shown.index;
    const edited = html.slice(0, at) + `<td class="number" data-column="throughputRps">9,500${shown[1]}</td>` + html.slice(at + shown[0].length);
    const result = verifyReportHtml(edited);
    expect(result.ok).toBe(false);
    expect(result.problems.some((problem) => problem.kind === 'page' && problem.where.startsWith('run-2-metrics') && problem.found.startsWith('9,500'))).toBe(true);
  });

  it('flags data edited in the block, and a check result that the metrics do not give', () => {
    const runs = threeRuns();
    runs[1]!.checks = [{ ...runs[1]!.checks[0]!, passed: false }];
    const result = verifyReportHtml(renderHandinHtml(input(runs)).html.replace('"throughputRps":390', '"throughputRps":990'), { courseSalt: 'course salt of 2025' });
    expect(result.problems.map((problem) => problem.kind)).toEqual(expect.arrayContaining(['data-edited', 'seal', 'check']));
    expect(result.problems.find((problem) => problem.kind === 'check')!.where).toBe('run 2 › checks › threaded-faster');
  });
});
