import { Marked, type Tokens } from 'marked';
import type { Language, RunMetrics } from '../../preload/api.ts';
import { readPath } from '../../common/metricPath.ts';
import { decodeHtmlEntities, escapeHtml } from './htmlEscape.ts';
import { formatNumber } from './reportNumbers.ts';

/**
 * Markdown as a report may show it: a student's answer is text, so raw HTML is shown as the text
 * it is, links keep their words and show their address in plain text, images become their
 * description. Nothing in the output can load or run anything.
 */
const inertMarkdown = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    link({ href, tokens }: Tokens.Link): string {
      const words = this.parser.parseInline(tokens);
      return href === '' || words === escapeHtml(href) ? words : `${words} (<code>${escapeHtml(href)}</code>)`;
    },
    image({ text }: Tokens.Image): string {
      return `[${escapeHtml(text)}]`;
    },
  },
});

/** `{{servers[architecture=iterative].throughputRps}}` in an answer cites a measured value. */
const citationPattern = /\{\{\s*([^{}<>\s][^{}<>]*?)\s*\}\}/g;

function citedValue(metrics: RunMetrics | null, path: string, language: Language): string | undefined {
  const value = metrics === null ? undefined : readPath(metrics, path);
  if (typeof value === 'number') return formatNumber(value, language, 3);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The answer as HTML, with every citation replaced by the run's own number (so a cited number
 * is the measured one, and `proclab verify` checks it like any other number on the page). A
 * citation of a path the run did not measure stays visible and is marked as such.
 */
export function renderAnswerMarkdown(markdown: string, metrics: RunMetrics | null, language: Language, missing: string): string {
  const html = inertMarkdown.parse(markdown, { async: false });
  return html.replace(citationPattern, (_, escapedPath: string) => {
    const path = decodeHtmlEntities(escapedPath);
    const value = citedValue(metrics, path, language);
    if (value === undefined) return `<span class="cited missing" title="${escapeHtml(path)}">{{${escapeHtml(path)}}} (${escapeHtml(missing)})</span>`;
    return `<span class="cited" title="${escapeHtml(path)}">${escapeHtml(value)}</span>`;
  });
}
