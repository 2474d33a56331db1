import { describe, expect, it } from 'vitest';
import type { Language } from '../../../preload/api.ts';
import { renderReportHtml, reportFileName } from '../../../main/report/reportDocument.ts';
import { runDataSha256 } from '../../../main/report/reportSha256.ts';
import { charts, labTitle, questions, sampleRun, tables } from './reportFixtures.ts';

function report(language: Language = 'en', run = sampleRun()) {
  return renderReportHtml({ run, labTitle, charts, tables, questions, language });
}

function count(haystack: string, needle: string | RegExp): number {
  return haystack.split(needle).length - 1;
}

describe('renderReportHtml', () => {
  it('returns the run-data SHA-256, prints it, and names the file after lab and run', () => {
    const run = sampleRun();
    const document = report('en', run);
    expect(document.sha256).toBe(runDataSha256(run));
    expect(document.html).toContain(document.sha256);
    expect(document.fileName).toBe('proclab-architectures-3f2a9c1e.html');
    expect(report('pt-BR', run).sha256).toBe(document.sha256);
  });

  it('renders hostile text from the scenario, lab, checks and timeline inert', () => {
    const run = sampleRun();
    run.scenarioText = 'engine: architectures\nname: \'</pre><script>alert("pwned")</script><img src=x onerror=alert(1)>\'\n';
    run.checks[0]!.detail = '<script>steal()</script>';
    run.timeline[0]!.message = '<iframe src="javascript:alert(1)">';
    run.runId = '<b>"run"</b>';
    const document = renderReportHtml({ run, labTitle: { en: '<script>x()</script>', 'pt-BR': 'x' }, charts, questions, language: 'en' });
    expect(document.html).not.toMatch(/<script/i);
    expect(document.html).not.toMatch(/<iframe/i);
    expect(document.html).not.toMatch(/<img/i);
    expect(document.html).not.toContain('<b>"run"</b>');
    expect(document.html).toContain('&lt;/pre&gt;&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(document.html).toContain('<pre class="scenario">engine: architectures\nname: &#39;&lt;/pre&gt;');
    expect(document.fileName).toBe('proclab-architectures-_b__run_.html');
  });

  it('loads and runs nothing: no scripts, no external references, only the SVG namespace as a URL', () => {
    for (const language of ['en', 'pt-BR'] as const) {
      const html = report(language).html;
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/\s(src|href|xlink:href|action)\s*=/i);
      expect(html).not.toMatch(/url\(|@import/i);
      const withoutNamespaces = html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '');
      expect(withoutNamespaces).not.toMatch(/https?:\/\//i);
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    }
  });

  it('shows the lab\'s declared tables, one row per server, with headings and units in the report\'s language', () => {
    const english = report('en').html;
    const servers = english.slice(english.indexOf('data-table-id="servers"'), english.indexOf('</table>', english.indexOf('data-table-id="servers"')));
    expect(servers).toContain('<caption>Servers</caption>');
    expect(servers).toContain('<th scope="col" class="number" data-column="throughputRps">Throughput (req/s)</th>');
    expect(servers).toContain('<th scope="col" class="number" data-column="latencyMs.p99">p99 (ms)</th>');
    expect(count(servers, '<tr><th scope="row"')).toBe(3);
    expect(servers).toContain('<th scope="row" data-column="name">threaded</th><td data-column="architecture">thread-per-request</td>');
    expect(servers).toContain('<td class="number" data-column="throughputRps">400.3</td>');
    expect(servers).toContain('<td class="number" data-column="latencyMs.p99">20.13</td>');
    const portuguese = report('pt-BR').html;
    expect(portuguese).toContain('<caption>Servidores</caption>');
    expect(portuguese).toContain('>Vazão (req/s)</th>');
    expect(portuguese).toContain('>máx. (ms)</th>');
    expect(portuguese).toContain('<td class="number" data-column="throughputRps">1.200,0</td>');
    expect(portuguese).toContain('<td class="number" data-column="latencyMs.p99">20,13</td>');
    // What the fixture does not hold (p99.9, the queueing model) is left out, not shown empty.
    expect(english).not.toContain('data-table-id="model"');
    expect(english).not.toContain('data-column="latencyMs.p999"');
    // Everything in the metrics is shown by some table: there is no table of other values.
    expect(english).not.toContain('data-table-id="other-values"');
  });

  it('shows metrics no table declares by their path, in a table of other values', () => {
    const run = sampleRun();
    run.engine = 'migration';
    run.metrics = { migration: { pagesTransferred: 2048, downtimeMs: 12.5, mode: 'postcopy' }, phases: [{ name: 'precopy', ms: 40 }, { name: 'stop', ms: 3 }] };
    const html = report('en', run).html;
    expect(html).toContain('<caption>Other measured values</caption>');
    expect(html).toContain('<th scope="row"><code>migration.pagesTransferred</code></th><td class="number">2,048</td>');
    expect(html).toContain('<th scope="row"><code>migration.downtimeMs</code></th><td class="number">12.5</td>');
    expect(html).toContain('<th scope="row"><code>migration.mode</code></th><td>postcopy</td>');
    expect(html).toContain('<th scope="row"><code>phases[stop].ms</code></th><td class="number">3</td>');
    expect(report('pt-BR', run).html).toContain('<caption>Outros valores medidos</caption>');
    expect(report('pt-BR', run).html).toContain('<code>migration.downtimeMs</code></th><td class="number">12,5</td>');
  });

  it('draws every chart inline as SVG', () => {
    const html = report('en').html;
    expect(count(html, '<figure class="chart"')).toBe(charts.length);
    expect(count(html, /<svg[\s>]/)).toBeGreaterThanOrEqual(charts.length);
  });

  it('prints status, times, seed, scenario hash and environment', () => {
    const html = report('en').html;
    for (const expected of ['succeeded', '2025-03-01T12:00:00.000Z', '2025-03-01T12:00:12.500Z', '12.5 s', '1234', 'ab'.repeat(32), 'v24.21.0', 'linux (x64)', 'Example CPU 3.0GHz', '16 GiB']) {
      expect(html).toContain(expected);
    }
    expect(report('pt-BR').html).toContain('12,5 s');
  });

  const headings: Record<Language, Record<string, string>> = {
    en: { summary: 'Summary', student: 'Student', environment: 'Environment', scenario: 'Scenario', metrics: 'Metrics', charts: 'Charts', checks: 'Checks', timeline: 'Timeline', questions: 'Questions and answers', integrity: 'Integrity', 'raw-data': 'Raw data' },
    'pt-BR': { summary: 'Resumo', student: 'Estudante', environment: 'Ambiente', scenario: 'Cenário', metrics: 'Métricas', charts: 'Gráficos', checks: 'Verificações', timeline: 'Linha do tempo', questions: 'Perguntas e respostas', integrity: 'Integridade', 'raw-data': 'Dados brutos' },
  };

  for (const language of ['en', 'pt-BR'] as const) {
    it(`has every section, in order, with ${language} headings and content`, () => {
      const html = report(language).html;
      expect(html).toContain(`<html lang="${language}">`);
      expect(html).toContain(`<h1>${labTitle[language]}</h1>`);
      let previous = -1;
      for (const [id, heading] of Object.entries(headings[language])) {
        const position = html.indexOf(`<section id="${id}"`);
        expect(position, id).toBeGreaterThan(previous);
        expect(html.slice(position)).toMatch(new RegExp(`^<section id="${id}"[^>]*>\\n<h2>${heading}</h2>`));
        previous = position;
      }
      for (const question of questions) expect(html).toContain(question.text[language]);
      for (const check of sampleRun().checks) expect(html).toContain(check.title[language]);
      expect(html).toContain(language === 'en' ? '1 of 2 checks passed.' : '1 de 2 verificações passaram.');
    });
  }

  it('leaves out the questions section when the lab has none, and says when there is nothing to show', () => {
    const run = sampleRun();
    run.metrics = null;
    run.checks = [];
    run.timeline = [];
    const html = renderReportHtml({ run, labTitle, charts: [], language: 'pt-BR' }).html;
    expect(html).not.toContain('<section id="questions"');
    expect(html).toContain('Esta execução não registrou métricas.');
    expect(html).toContain('Nenhuma verificação foi avaliada nesta execução.');
    expect(html).toContain('Este laboratório não tem gráficos.');
  });

  it('has print rules for A4 with charts kept whole', () => {
    const html = report('en').html;
    expect(html).toContain('size: A4');
    expect(html).toMatch(/figure\.chart[^{]*\{ break-inside: avoid; \}/);
  });
});

describe('reportFileName', () => {
  it('keeps file names safe', () => {
    expect(reportFileName('../etc', 'abcdefghijkl')).toBe('proclab-__etc-abcdefgh.html');
    expect(reportFileName('architectures', 'short')).toBe('proclab-architectures-short.html');
  });
});
