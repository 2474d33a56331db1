import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LabCheck } from '../../../main/lab/labDefinition.ts';
import { renderReportHtml } from '../../../main/report/reportDocument.ts';
import { verifyReportHtml } from '../../../main/verify/verifyReport.ts';
import { charts, labTitle, questions, sampleRun, tables } from '../report/reportFixtures.ts';

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

function exported(salt = 'course salt of 2025') {
  const run = sampleRun();
  run.scenarioText = 'engine: architectures\nservers:\n  - name: iterative\n    architecture: iterative\n';
  run.scenarioHash = createHash('sha256').update(run.scenarioText).digest('hex');
  run.checks = [{ checkId: 'threaded-faster', title: checks[0]!.title, passed: true, detail: 'servers[architecture=thread-per-request].throughputRps = 1200 > 400.25' }];
  run.answers = [{ questionId: 'why-pool', markdown: 'The pool reached {{servers[architecture=thread-pool].throughputRps}} req/s.', updatedAt: '2025-03-01T12:05:00.000Z' }];
  return renderReportHtml({ run, labTitle, charts, tables, questions, language: 'en', checks, courseSalt: salt }).html;
}

describe('proclab verify', () => {
  it('finds nothing wrong with a report as it was exported', () => {
    const result = verifyReportHtml(exported(), { courseSalt: 'course salt of 2025' });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.notes).toEqual([]);
  });

  it('cites the measured number in the answer', () => {
    expect(exported()).toContain('<span class="cited" title="servers[architecture=thread-pool].throughputRps">1,500</span>');
  });

  it('flags a number changed in a declared table on the page, and says where and what it should be', () => {
    const shown = '<td class="number" data-column="throughputRps">400.3</td>';
    expect(exported()).toContain(shown);
    const html = exported().replace(shown, '<td class="number" data-column="throughputRps">900.3</td>');
    const result = verifyReportHtml(html);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ kind: 'page', where: 'metrics › table 1 › row 2 › cell 3', expected: '400.3', found: '900.3' });
    expect(result.problems.filter((problem) => problem.kind === 'data-edited')).toEqual([]);
  });

  it('flags data edited in the block after export, and a seal that no longer matches', () => {
    const html = exported().replace('"throughputRps":390', '"throughputRps":990');
    const result = verifyReportHtml(html, { courseSalt: 'course salt of 2025' });
    expect(result.problems.map((problem) => problem.kind)).toEqual(expect.arrayContaining(['data-edited', 'seal']));
  });

  it('flags a seal made with another salt', () => {
    const result = verifyReportHtml(exported('another course'), { courseSalt: 'course salt of 2025' });
    expect(result.problems.map((problem) => problem.kind)).toContain('seal');
  });

  it('flags a check result that the metrics do not give', () => {
    const html = exported().replace('"passed":true', '"passed":false');
    const result = verifyReportHtml(html);
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: 'check', where: 'checks › threaded-faster' }));
  });

  it('flags a removed answer', () => {
    const html = exported().replace(/<div class="answer"[^]*?<\/div>/, '<div class="answer"></div>');
    const result = verifyReportHtml(html);
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: 'page', where: 'questions › why-pool', found: '' }));
  });

  it('refuses a data block whose members are not what a report holds, without throwing', () => {
    const html = exported().replace('"student":null', '"student":{"studentId":"x","values":"not a list","saltFingerprint":"f","derivation":"d"}');
    expect(verifyReportHtml(html)).toMatchObject({ ok: false, problems: [{ kind: 'data-block', found: 'the embedded student is malformed' }] });
    const broken = exported().replace('"samples":[', '"samples":[{"timeMs":"soon","series":7,"values":null},');
    expect(() => verifyReportHtml(broken)).not.toThrow();
    expect(verifyReportHtml(broken).ok).toBe(false);
    // Embedded check definitions are read with lab.yaml's own schema before they are evaluated.
    const badCheck = exported().replace('"op":"\\u003e"', '"op":"~"');
    expect(badCheck).not.toBe(exported());
    expect(verifyReportHtml(badCheck).problems).toContainEqual(expect.objectContaining({ kind: 'data-block', where: 'data block › lab.checks', found: expect.stringContaining('op') }));
  });

  it('says so when there is no data block', () => {
    const result = verifyReportHtml('<html><body><p>hello</p></body></html>');
    expect(result).toMatchObject({ ok: false, problems: [{ kind: 'data-block' }] });
  });
});
