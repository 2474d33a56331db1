import type { FlowDiagramNode, Language, LocalizedText, RunMetrics, ValueFormat } from '../../preload/api.ts';
import { formatValue } from '../tables/formatValue.ts';
import { chartElementId, closeSvg, emptyChart, openSvg, type ChartSize } from './chartFrame.ts';
import { chartWords } from './chartText.ts';
import { escapeSvgText, estimateTextWidth, fitText, formatCoordinate } from './svgText.ts';
import { valueAtPath } from './valueAtPath.ts';

// A diagram of who talked to whom, drawn from measured counts: boxes in columns, arrows as thick
// as their measured value. An arrow that carried nothing is left out, so a path nobody used is
// visibly absent rather than drawn thin.

export interface FlowChartInput {
  chartId: string;
  title: string;
  list: string;
  panelKey: string;
  weight: string;
  weightFormat: ValueFormat;
  detail?: string;
  detailWord?: LocalizedText;
  dashed?: string;
  legend?: LocalizedText;
  metrics: RunMetrics | null;
  language: Language;
  size: ChartSize;
}

export interface FlowPanel {
  name: string;
  nodes: FlowDiagramNode[];
  edges: FlowArrow[];
}

export interface FlowArrow {
  from: string;
  to: string;
  weight: number;
  detail?: number;
  dashed: boolean;
}

const forwardColour = '#0072B2';
const backColour = '#D55E00';
/** A box's height for its name on up to three lines. */
function boxHeight(lines: number): number {
  return Math.max(30, 8 + lines * 11);
}
const panelTitleHeight = 18;
/** Room above and below the boxes for the arrows that arch over or under a column. */
const archRoom = 44;
const minimumPanelHeight = boxHeight(3) + 2 * archRoom + panelTitleHeight + 8;
const thinnest = 1.5;
const thickest = 10;

function textOf(value: unknown, language: Language): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object') {
    const localized = value as Partial<Record<Language, unknown>>;
    const chosen = localized[language] ?? localized.en;
    if (typeof chosen === 'string') return chosen;
  }
  return '';
}

function numberAt(item: unknown, path: string | undefined): number | undefined {
  if (path === undefined) return undefined;
  const value = valueAtPath(item, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The diagrams a spec describes; malformed nodes and edges (and edges to unknown nodes) are left out. */
export function collectFlowPanels(metrics: RunMetrics | null, input: Pick<FlowChartInput, 'list' | 'panelKey' | 'weight' | 'detail' | 'dashed' | 'language'>): FlowPanel[] {
  const items = metrics === null ? undefined : valueAtPath(metrics, input.list);
  if (!Array.isArray(items)) return [];
  const panels: FlowPanel[] = [];
  items.forEach((item: unknown, index) => {
    const rawNodes = valueAtPath(item, 'nodes');
    const rawEdges = valueAtPath(item, 'edges');
    if (!Array.isArray(rawNodes) || !Array.isArray(rawEdges)) return;
    const nodes: FlowDiagramNode[] = [];
    for (const raw of rawNodes as unknown[]) {
      const id = valueAtPath(raw, 'id');
      const column = valueAtPath(raw, 'column');
      if (typeof id !== 'string' || typeof column !== 'number' || !Number.isInteger(column) || column < 0 || column > 16) continue;
      if (nodes.some((node) => node.id === id)) continue;
      nodes.push({ id, label: textOf(valueAtPath(raw, 'label'), input.language) || id, column });
    }
    const known = new Set(nodes.map((node) => node.id));
    const edges: FlowArrow[] = [];
    for (const raw of rawEdges as unknown[]) {
      const from = valueAtPath(raw, 'from');
      const to = valueAtPath(raw, 'to');
      const weight = numberAt(raw, input.weight);
      if (typeof from !== 'string' || typeof to !== 'string' || from === to || !known.has(from) || !known.has(to)) continue;
      if (weight === undefined || weight <= 0) continue;
      const detail = numberAt(raw, input.detail);
      edges.push({ from, to, weight, ...(detail === undefined ? {} : { detail }), dashed: input.dashed !== undefined && valueAtPath(raw, input.dashed) === true });
    }
    if (nodes.length === 0) return;
    const name = textOf(valueAtPath(item, input.panelKey), input.language);
    panels.push({ name: name === '' ? `#${index + 1}` : name, nodes, edges });
  });
  return panels;
}

interface Placed {
  x: number;
  y: number;
  width: number;
}

interface Point {
  x: number;
  y: number;
}

/** An arrowhead whose tip is at `tip`, pointing along `direction`, sized for a line `thickness` wide. */
function arrowHead(tip: Point, direction: Point, thickness: number): { polygon: string; base: Point } {
  const length = Math.hypot(direction.x, direction.y) || 1;
  const unit = { x: direction.x / length, y: direction.y / length };
  const headLength = 6 + thickness * 0.9;
  const halfWidth = 3.5 + thickness * 0.75;
  const base = { x: tip.x - unit.x * headLength, y: tip.y - unit.y * headLength };
  const normal = { x: -unit.y, y: unit.x };
  const corners = [tip, { x: base.x + normal.x * halfWidth, y: base.y + normal.y * halfWidth }, { x: base.x - normal.x * halfWidth, y: base.y - normal.y * halfWidth }];
  return { polygon: corners.map((corner) => `${formatCoordinate(corner.x)},${formatCoordinate(corner.y)}`).join(' '), base };
}

function figureText(arrow: FlowArrow, input: FlowChartInput): { weight: string; detail: string | undefined } {
  const written = (value: number): string => formatValue(value, { format: input.weightFormat }, input.language).text;
  // Something was sent, if less than the figure's smallest step: say so rather than print a zero.
  const weight = arrow.weight < 1 && written(arrow.weight) === written(0) ? `< ${written(1)}` : written(arrow.weight);
  if (arrow.detail === undefined) return { weight, detail: undefined };
  const count = formatValue(arrow.detail, { format: { kind: 'integer' } }, input.language).text;
  const word = input.detailWord === undefined ? '' : ` ${input.detailWord[input.language] ?? input.detailWord.en}`;
  return { weight, detail: `${count}${word}` };
}

function label(lines: string[], at: Point, below: boolean): string {
  const step = 11;
  const first = below ? at.y + 10 : at.y - 4 - step * (lines.length - 1);
  return lines
    .map(
      (line, index) =>
        `<text class="flow-label" x="${formatCoordinate(at.x)}" y="${formatCoordinate(first + index * step)}" text-anchor="middle" font-size="10" fill="#1f2328" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${escapeSvgText(line)}</text>`,
    )
    .join('');
}

function drawPanel(panel: FlowPanel, origin: Point, width: number, height: number, largest: number, input: FlowChartInput): string {
  const parts: string[] = [`<g class="flow-panel" data-panel="${escapeSvgText(panel.name)}">`];
  parts.push(`<text class="flow-panel-title" x="${formatCoordinate(origin.x + 4)}" y="${formatCoordinate(origin.y + 13)}" font-size="12" font-weight="600" fill="#1f2328">${escapeSvgText(panel.name)}</text>`);
  const columns = Math.max(...panel.nodes.map((node) => node.column)) + 1;
  const columnWidth = width / columns;
  const boxWidth = Math.min(150, columnWidth * 0.62);
  const nameLines = new Map(panel.nodes.map((node) => [node.id, nameLinesOf(textOf(node.label, input.language), boxWidth - 6)]));
  const nodeHeight = boxHeight(Math.max(...[...nameLines.values()].map((lines) => lines.length)));
  const middle = origin.y + panelTitleHeight + (height - panelTitleHeight) / 2;
  const placed = new Map<string, Placed>();
  for (let column = 0; column < columns; column += 1) {
    const inColumn = panel.nodes.filter((node) => node.column === column);
    inColumn.forEach((node, index) => {
      placed.set(node.id, { x: origin.x + columnWidth * (column + 0.5), y: middle + (index - (inColumn.length - 1) / 2) * (nodeHeight + 12), width: boxWidth });
    });
  }
  const edgeParts: string[] = [];
  const labelParts: string[] = [];
  const columnOf = new Map(panel.nodes.map((node) => [node.id, node.column]));
  for (const arrow of panel.edges) {
    const from = placed.get(arrow.from)!;
    const to = placed.get(arrow.to)!;
    const fromColumn = columnOf.get(arrow.from)!;
    const toColumn = columnOf.get(arrow.to)!;
    const forward = toColumn > fromColumn || (toColumn === fromColumn && to.y > from.y);
    const thickness = thinnest + (thickest - thinnest) * Math.sqrt(arrow.weight / largest);
    const colour = forward ? forwardColour : backColour;
    const figures = figureText(arrow, input);
    const lines = figures.detail === undefined ? [figures.weight] : [figures.weight, figures.detail];
    let path: string;
    let head: { polygon: string; base: Point };
    let labelAt: Point;
    const adjacent = Math.abs(toColumn - fromColumn) === 1;
    if (adjacent) {
      // Side by side: the arrow to the right runs above the centre line, the one back below it.
      const offset = forward ? -(thickness / 2 + 2) : thickness / 2 + 2;
      const direction = toColumn > fromColumn ? 1 : -1;
      const start = { x: from.x + (direction * from.width) / 2, y: (from.y + to.y) / 2 + offset };
      const tip = { x: to.x - (direction * to.width) / 2, y: start.y };
      head = arrowHead(tip, { x: tip.x - start.x, y: 0 }, thickness);
      path = `M${formatCoordinate(start.x)} ${formatCoordinate(start.y)}L${formatCoordinate(head.base.x)} ${formatCoordinate(head.base.y)}`;
      labelAt = { x: (start.x + tip.x) / 2, y: forward ? start.y - thickness / 2 : start.y + thickness / 2 };
    } else {
      // Past other columns: arch over the boxes (to the right) or under them (back).
      const sign = forward ? -1 : 1;
      const start = { x: from.x, y: from.y + (sign * nodeHeight) / 2 };
      const tip = { x: to.x, y: to.y + (sign * nodeHeight) / 2 };
      const control = { x: (start.x + tip.x) / 2, y: (forward ? Math.min(start.y, tip.y) : Math.max(start.y, tip.y)) + sign * (archRoom * 1.5) };
      head = arrowHead(tip, { x: tip.x - control.x, y: tip.y - control.y }, thickness);
      path = `M${formatCoordinate(start.x)} ${formatCoordinate(start.y)}Q${formatCoordinate(control.x)} ${formatCoordinate(control.y)} ${formatCoordinate(head.base.x)} ${formatCoordinate(head.base.y)}`;
      const apex = { x: (start.x + 2 * control.x + tip.x) / 4, y: (start.y + 2 * control.y + tip.y) / 4 };
      labelAt = { x: apex.x, y: apex.y + (forward ? -thickness / 2 : thickness / 2) };
    }
    const fromName = panel.nodes.find((node) => node.id === arrow.from)!.label;
    const toName = panel.nodes.find((node) => node.id === arrow.to)!.label;
    const description = escapeSvgText(`${textOf(fromName, input.language)} → ${textOf(toName, input.language)}: ${lines.join(', ')}`);
    edgeParts.push(
      `<g class="flow-edge ${forward ? 'flow-forward' : 'flow-back'}" data-from="${escapeSvgText(arrow.from)}" data-to="${escapeSvgText(arrow.to)}" data-value="${escapeSvgText(String(arrow.weight))}"${arrow.detail === undefined ? '' : ` data-detail="${escapeSvgText(String(arrow.detail))}"`}${arrow.dashed ? ' data-dashed="true"' : ''}>`,
      `<title>${description}</title>`,
      `<path class="flow-line" d="${path}" fill="none" stroke="${colour}" stroke-width="${formatCoordinate(thickness)}"${arrow.dashed ? ` stroke-dasharray="${formatCoordinate(thickness + 3)} ${formatCoordinate(thickness + 2)}"` : ''}/>`,
      `<polygon class="flow-arrow" points="${head.polygon}" fill="${colour}"/>`,
      '</g>',
    );
    labelParts.push(label(lines, labelAt, !forward));
  }
  const nodeParts = panel.nodes.map((node) => {
    const at = placed.get(node.id)!;
    const name = textOf(node.label, input.language);
    return (
      `<g class="flow-node-group" data-node="${escapeSvgText(node.id)}">` +
      `<rect class="flow-node" x="${formatCoordinate(at.x - at.width / 2)}" y="${formatCoordinate(at.y - nodeHeight / 2)}" width="${formatCoordinate(at.width)}" height="${nodeHeight}" rx="5" fill="#f6f8fa" stroke="#57606a"><title>${escapeSvgText(name)}</title></rect>` +
      nodeLabel(nameLines.get(node.id)!, at) +
      '</g>'
    );
  });
  // Boxes over arrows, figures over both: a figure is never hidden by the line it describes.
  parts.push(...edgeParts, ...nodeParts, ...labelParts, '</g>');
  return parts.join('');
}

/** Words laid out on lines no wider than `width` at `fontSize` (a word longer than a line gets a line of its own). */
export function wrapWords(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((each) => each !== '')) {
    const longer = line === '' ? word : `${line} ${word}`;
    if (line !== '' && estimateTextWidth(longer, fontSize) > width) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const maximumNameLines = 3;

/** A box's name on as few lines as fit its width (at most three, the last cut only if even that fails). */
function nameLinesOf(name: string, width: number): string[] {
  const lines = wrapWords(name, width, 10);
  if (lines.length <= maximumNameLines) return lines.map((line) => fitText(line, width, 10));
  return [...lines.slice(0, maximumNameLines - 1), fitText(lines.slice(maximumNameLines - 1).join(' '), width, 10)];
}

function nodeLabel(lines: string[], at: Placed): string {
  const firstY = at.y + 4 - ((lines.length - 1) * 11) / 2;
  const spans = lines.map((line, index) => `<tspan x="${formatCoordinate(at.x)}" y="${formatCoordinate(firstY + index * 11)}">${escapeSvgText(line)}</tspan>`).join('');
  return `<text class="flow-node-label" text-anchor="middle" font-size="10" fill="#1f2328">${spans}</text>`;
}

const legendLineHeight = 14;

function legendText(lines: string[], y: number): string {
  return lines.map((line, index) => `<text class="chart-caption" x="12" y="${formatCoordinate(y + index * legendLineHeight)}" font-size="11" fill="#57606a">${escapeSvgText(line)}</text>`).join('');
}

/** The height a flow chart needs for `panels` panels and `legendLines` lines of legend, so that none is squeezed. */
export function flowChartHeight(panels: number, size: ChartSize, legendLines: number): number {
  return Math.max(size.height, 34 + panels * minimumPanelHeight + legendLines * legendLineHeight + 8);
}

export function renderFlowChart(input: FlowChartInput): string {
  const { chartId, title, language } = input;
  const panels = collectFlowPanels(input.metrics, input);
  if (panels.length === 0 || panels.every((panel) => panel.edges.length === 0)) return emptyChart(chartId, 'flow', title, chartWords[language].noData, input.size);
  const legend = input.legend === undefined ? [] : wrapWords(input.legend[language] ?? input.legend.en, input.size.width - 24, 11);
  const size = { width: input.size.width, height: flowChartHeight(panels.length, input.size, legend.length) };
  const top = 34;
  const bottom = size.height - 4 - legend.length * legendLineHeight;
  const panelHeight = (bottom - top) / panels.length;
  // One scale across the panels, so the same thickness means the same amount in each.
  const largest = Math.max(...panels.flatMap((panel) => panel.edges.map((edge) => edge.weight)));
  const parts: string[] = [openSvg(chartId, 'flow', title, size)];
  parts.push(`<desc id="${chartElementId(chartId, 'desc')}">${escapeSvgText(legend.length > 0 ? legend.join(' ') : title)}</desc>`);
  panels.forEach((panel, index) => {
    const y = top + index * panelHeight;
    if (index > 0) parts.push(`<line class="grid-line" x1="8" x2="${size.width - 8}" y1="${formatCoordinate(y)}" y2="${formatCoordinate(y)}" stroke="#d0d7de"/>`);
    parts.push(drawPanel(panel, { x: 8, y }, size.width - 16, panelHeight, largest, input));
  });
  if (legend.length > 0) parts.push(legendText(legend, bottom + 12));
  parts.push(closeSvg());
  return parts.join('');
}
