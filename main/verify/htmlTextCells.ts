import { decodeHtmlEntities } from '../report/htmlEscape.ts';

/**
 * The visible content of an HTML page as a list of cells: the text of each block (a table cell,
 * a paragraph, a list item, a chart label) and the geometry of each chart shape, each with where
 * it is ("metrics › table 1 › row 2 › cell 4"). Two drawings of the same report give the same
 * cells however their markup was written or re-saved, so comparing cells finds an edited number
 * without knowing how any table or chart is drawn.
 */
export interface TextCell {
  text: string;
  where: string;
}

const blockElements = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'td', 'th', 'tr', 'table', 'caption', 'thead', 'tbody', 'tfoot',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'section', 'header', 'footer', 'main', 'figure', 'figcaption', 'br', 'hr',
  'blockquote', 'text', 'title', 'svg', 'g', 'body',
]);
const skippedElements = new Set(['style', 'script', 'head', 'template', 'noscript']);
const voidElements = new Set(['br', 'hr', 'img', 'meta', 'link', 'input', 'col', 'area', 'base', 'wbr', 'source']);
const shapeElements = new Set(['path', 'rect', 'circle', 'line', 'polyline', 'polygon', 'ellipse']);
const geometryAttributes = ['d', 'points', 'x', 'y', 'cx', 'cy', 'r', 'width', 'height', 'x1', 'y1', 'x2', 'y2', 'fill'];

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    attributes.set(match[1]!.toLowerCase(), decodeHtmlEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

interface Place {
  section: string;
  detail: string;
  tables: number;
  rows: number;
  cells: number;
  shapes: number;
  term: string;
}

function placeName(place: Place): string {
  const parts = [place.section || 'page'];
  if (place.detail !== '') parts.push(place.detail);
  if (place.tables > 0 && place.rows > 0) parts.push(`table ${place.tables}`, `row ${place.rows}`, `cell ${place.cells}`);
  else if (place.term !== '') parts.push(place.term);
  return parts.join(' › ');
}

/** Reads `html` (the whole page or any part of it) into cells, in document order. */
export function htmlTextCells(html: string): TextCell[] {
  const cells: TextCell[] = [];
  const place: Place = { section: '', detail: '', tables: 0, rows: 0, cells: 0, shapes: 0, term: '' };
  let buffer = '';
  let skipping: string | null = null;
  let lastTag = '';
  const flush = (): void => {
    const text = buffer.replace(/\s+/g, ' ').trim();
    buffer = '';
    if (text === '') return;
    cells.push({ text, where: placeName(place) });
    if (lastTag === 'dt') place.term = text;
  };
  const tagPattern = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<!(?:[^>]*)>|<\/?([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let position = 0;
  for (const match of html.matchAll(tagPattern)) {
    const textBefore = html.slice(position, match.index);
    position = match.index + match[0].length;
    if (skipping === null) buffer += decodeHtmlEntities(textBefore);
    const name = match[1]?.toLowerCase();
    if (name === undefined) continue;
    const closing = match[0].startsWith('</');
    if (skipping !== null) {
      if (closing && name === skipping) skipping = null;
      continue;
    }
    if (!closing && skippedElements.has(name)) {
      if (!match[0].endsWith('/>')) skipping = name;
      continue;
    }
    if (blockElements.has(name)) {
      flush();
      lastTag = closing ? '' : name;
    }
    if (closing) continue;
    const attributes = parseAttributes(match[2] ?? '');
    if (name === 'section') {
      place.section = attributes.get('id') ?? '';
      place.detail = '';
      place.tables = 0;
      place.rows = 0;
      place.term = '';
    }
    const detail = attributes.get('data-chart-id') ?? attributes.get('data-question-id');
    if (detail !== undefined) {
      place.detail = detail;
      place.shapes = 0;
    }
    if (name === 'table') {
      place.tables += 1;
      place.rows = 0;
    }
    if (name === 'tr') {
      place.rows += 1;
      place.cells = 0;
    }
    if (name === 'td' || name === 'th') place.cells += 1;
    if (shapeElements.has(name)) {
      place.shapes += 1;
      const geometry = geometryAttributes.filter((key) => attributes.has(key)).map((key) => `${key}=${attributes.get(key)!.replace(/\s+/g, ' ').trim()}`);
      if (geometry.length > 0) cells.push({ text: `<${name} ${geometry.join(' ')}>`, where: `${placeName({ ...place, tables: 0, term: '' })} › shape ${place.shapes}` });
    }
    if (voidElements.has(name) || match[0].endsWith('/>')) continue;
  }
  if (skipping === null) buffer += decodeHtmlEntities(html.slice(position));
  flush();
  return cells;
}

/** The body of a page: what a reader sees. */
export function pageBody(html: string): string {
  const start = /<body\b[^>]*>/i.exec(html);
  const end = html.search(/<\/body\s*>/i);
  if (start === null) return html;
  return html.slice(start.index + start[0].length, end === -1 ? undefined : end);
}
