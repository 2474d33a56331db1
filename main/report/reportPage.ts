// The HTML page every exported report is drawn on (a single run's and a hand-in's): one
// self-contained file that loads nothing (its policy forbids it) and carries its own styles.
import { escapeHtml } from './htmlEscape.ts';

const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export interface ReportPage {
  language: string;
  proclabVersion: string;
  /** `<meta name=… content=…>` pairs after the generator's, for tools that read the file. */
  metas: readonly (readonly [string, string])[];
  title: string;
  styles: string;
  heading: string;
  /** Already HTML: the subtitle may hold code spans. */
  subtitleHtml: string;
  sections: readonly string[];
  footer: string;
}

export function reportPageHtml(page: ReportPage): string {
  const metas = page.metas.map(([name, content]) => `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">\n`).join('');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(page.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="proclab ${escapeHtml(page.proclabVersion)}">
${metas}<title>${escapeHtml(page.title)}</title>
<style>${page.styles}</style>
</head>
<body>
<header>
<h1>${escapeHtml(page.heading)}</h1>
<p class="subtitle">${page.subtitleHtml}</p>
</header>
<main>
${page.sections.join('\n')}
</main>
<footer>${escapeHtml(page.footer)}</footer>
</body>
</html>
`;
}

/** A part of a file name with anything unsafe in one replaced. */
export function safeFileNamePart(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}
