import { describe, expect, it } from 'vitest';
import { scoreCheck } from '../../../main/grading/checkPoints.ts';
import { csvText, parseCsv } from '../../../main/grading/csvText.ts';
import { readRubricMarks } from '../../../main/grading/rubricMarks.ts';
import type { LabCheck, LabDefinition } from '../../../main/lab/labDefinition.ts';
import { renderAnswerMarkdown } from '../../../main/report/answerMarkdown.ts';

const check: LabCheck = {
  id: 'faster',
  title: { en: 'f', 'pt-BR': 'f' },
  when: { path: 'workload.kind', equals: 'io', and: [] },
  expect: { left: 'a', op: '>=', factor: 2, right: 'b' },
  points: 4,
  partialWithin: 0.25,
};
const io = { workload: { kind: 'io' } };

describe('check points', () => {
  it('gives all points for a pass, a share for a near miss, none beyond the allowance', () => {
    expect(scoreCheck(check, io, { a: 200, b: 100 })).toMatchObject({ points: 4, outcome: 'passed' });
    // Target 200, allowance 25% of it = 50: a miss by 10 earns 4 × (1 - 10/50).
    expect(scoreCheck(check, io, { a: 190, b: 100 })).toMatchObject({ points: 3.2, outcome: 'partial' });
    expect(scoreCheck(check, io, { a: 150, b: 100 })).toMatchObject({ points: 0, outcome: 'failed' });
    expect(scoreCheck({ ...check, partialWithin: 0 }, io, { a: 199, b: 100 })).toMatchObject({ points: 0, outcome: 'failed' });
  });

  it('gives nothing when the check does not apply or the value was not measured', () => {
    expect(scoreCheck(check, { workload: { kind: 'cpu' } }, { a: 200, b: 100 })).toMatchObject({ points: 0, maxPoints: 4, outcome: 'not-applicable' });
    expect(scoreCheck(check, io, { b: 100 })).toMatchObject({ points: 0, outcome: 'missing' });
    expect(scoreCheck(check, io, null)).toMatchObject({ points: 0, outcome: 'missing' });
  });
});

describe('CSV', () => {
  it('quotes what needs quoting, defuses formulas, and reads back with positions', () => {
    const text = csvText([['student', 'note'], ['a1', 'said "hi", then\nleft'], ['=cmd()', 2.5]]);
    expect(text).toBe('student,note\r\na1,"said ""hi"", then\nleft"\r\n\'=cmd(),2.5\r\n');
    const rows = parseCsv(text);
    expect(rows.map((row) => row.map((cell) => cell.text))).toEqual([['student', 'note'], ['a1', 'said "hi", then\nleft'], ["'=cmd()", '2.5']]);
    expect(rows[2]![1]).toMatchObject({ line: 4, column: 9 });
  });

  it('reads rubric marks, ignoring other columns, and says where a mark is wrong', () => {
    const definition = { questions: [{ id: 'q1', text: { en: '', 'pt-BR': '' }, rubric: [{ id: 'numbers', points: 2, text: { en: '', 'pt-BR': '' } }] }] } as unknown as LabDefinition;
    const marks = readRubricMarks('total,student,q1.numbers\n9,A1,1.5\n3,b2,\n', 'marks.csv', definition);
    expect([...marks]).toEqual([['a1', new Map([['q1.numbers', 1.5]])], ['b2', new Map()]]);
    expect(() => readRubricMarks('student,q1.numbers\na1,3\n', 'marks.csv', definition)).toThrow('marks.csv:2:4: q1.numbers must be a number from 0 to 2, not "3"');
    expect(() => readRubricMarks('name\n', 'marks.csv', definition)).toThrow('marks.csv:1:1: the header row has no "student" column');
  });
});

describe('answers in a report', () => {
  it('render Markdown inert: raw HTML as text, links without addresses to follow, images as words', () => {
    const html = renderAnswerMarkdown('**bold** <script>alert(1)</script> <img src=x onerror=alert(1)> [site](http://evil.example) ![chart](data:x)', null, 'en', 'missing');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).not.toMatch(/<(script|img|a|iframe)\b/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('site (<code>http://evil.example</code>)');
    expect(html).toContain('[chart]');
  });

  it('replace a citation by the measured value, and mark one the run did not measure', () => {
    const metrics = { servers: [{ architecture: 'iterative', throughputRps: 1234.5678 }] };
    expect(renderAnswerMarkdown('It did {{servers[architecture=iterative].throughputRps}} req/s.', metrics, 'pt-BR', 'não medido')).toContain('<span class="cited" title="servers[architecture=iterative].throughputRps">1.234,568</span>');
    expect(renderAnswerMarkdown('{{nothing.here}}', metrics, 'en', 'not measured')).toContain('class="cited missing"');
  });
});
