// The four paradigms on the same task, side by side, over a sweep of data sizes and links. Every
// point is measured where the lecture's claim lives: the bytes that crossed the links (counted by
// the relays), the messages the hosts sent, and the wall time the client waited.
import { linkShapeLabel, type LinkShape } from '../../../network/shapedRelay.ts';
import { generateOrders, recordsPerHost, topOrders } from '../orders.ts';
import type { Paradigm } from '../host/paradigmsOnHost.ts';
import { linkShapeOf, median, round, type ExperimentContext } from './experimentContext.ts';

export const paradigmNames: readonly Paradigm[] = ['client-server', 'remote-evaluation', 'code-on-demand', 'mobile-agent'];
export const defaultRecords = [30, 300, 3_000, 30_000];
export const defaultLinks = [
  { bandwidth: 'unlimited', latency: 0 },
  { bandwidth: '100Mbit', latency: 2 },
  { bandwidth: '10Mbit', latency: 10 },
];

export interface ParadigmPoint {
  paradigm: Paradigm;
  records: number;
  link: string;
  bandwidthBytesPerSecond: number;
  latencyMs: number;
  bytesTransferred: number;
  messages: number;
  wallTimeMs: number;
  resultCorrect: boolean;
  /** `paradigm @ link`, one line per pair in the wall-time chart. */
  series: string;
}

export interface Crossover {
  link: string;
  versus: Paradigm;
  /** Where shipping code starts to beat shipping data, in records (interpolated between sweep points). */
  byBytesRecords: number;
  byTimeRecords: number;
  /** within: between two sweep points; below: already at the smallest; none: not within the sweep. */
  byBytes: 'within' | 'below' | 'none';
  byTime: 'within' | 'below' | 'none';
}

export interface ParadigmsResult {
  headline: ParadigmPoint[];
  sweep: ParadigmPoint[];
  crossovers: Crossover[];
  /** The crossovers as chart markers (x: records). */
  markers: { x: number; label: string; chart: string }[];
}

/** Where `challenger` falls below `incumbent` along increasing x, interpolated in log-log space. */
export function crossoverOf(xs: readonly number[], incumbent: readonly number[], challenger: readonly number[]): { at: number; status: 'within' | 'below' | 'none' } {
  const gap = xs.map((_, index) => Math.log(Math.max(challenger[index]!, 1e-9) / Math.max(incumbent[index]!, 1e-9)));
  if (gap[0]! < 0) return { at: xs[0]!, status: 'below' };
  for (let index = 1; index < xs.length; index += 1) {
    if (gap[index]! < 0) {
      const [low, high] = [Math.log(xs[index - 1]!), Math.log(xs[index]!)];
      const fraction = gap[index - 1]! / (gap[index - 1]! - gap[index]!);
      return { at: Math.round(Math.exp(low + fraction * (high - low))), status: 'within' };
    }
  }
  return { at: -1, status: 'none' };
}

function slowestLinkIndex(links: readonly LinkShape[]): number {
  let slowest = 0;
  links.forEach((link, index) => {
    const best = links[slowest]!;
    const bandwidth = (shape: LinkShape): number => (shape.bandwidthBytesPerSecond <= 0 ? Number.POSITIVE_INFINITY : shape.bandwidthBytesPerSecond);
    if (bandwidth(link) < bandwidth(best) || (bandwidth(link) === bandwidth(best) && link.latencyMs > best.latencyMs)) slowest = index;
  });
  return slowest;
}

export async function runParadigmSweep(experiment: ExperimentContext, progress: (fraction: number, phase: string) => void): Promise<ParadigmsResult> {
  const { cluster, context, scenario, client, dataHosts, codeServer } = experiment;
  const records = scenario.paradigms.records.length > 0 ? [...scenario.paradigms.records].sort((first, second) => first - second) : defaultRecords;
  const links = (scenario.paradigms.links.length > 0 ? scenario.paradigms.links : defaultLinks).map(linkShapeOf);
  const { top, repeats } = scenario.paradigms;
  const sweep: ParadigmPoint[] = [];
  const trials = links.length * records.length * repeats * paradigmNames.length;
  let done = 0;
  for (const link of links) {
    const label = linkShapeLabel(link);
    cluster.setLinkShape(link);
    for (const total of records) {
      const perHost = recordsPerHost(total, dataHosts.length);
      const truth = topOrders(perHost.flatMap((count, index) => generateOrders(context.seed, index, count)), top);
      const recordsByHost = Object.fromEntries(dataHosts.map((host, index) => [host, perHost[index]!]));
      const measured = new Map<Paradigm, { bytes: number[]; messages: number[]; wallTimeMs: number[]; correct: boolean }>(paradigmNames.map((paradigm) => [paradigm, { bytes: [], messages: [], wallTimeMs: [], correct: true }]));
      for (let repeat = 0; repeat < repeats; repeat += 1) {
        // Interleaved, in a rotating order: a busy moment of the machine does not fall on one paradigm.
        const order = paradigmNames.map((_, index) => paradigmNames[(index + repeat) % paradigmNames.length]!);
        for (const paradigm of order) {
          if (context.signal.aborted) return { headline: [], sweep, crossovers: [], markers: [] };
          progress(done / trials, `${paradigm}, ${total} records, ${label}`);
          experiment.setPhase(`${paradigm}, ${total} records, ${label}`);
          await cluster.settle();
          const framesBefore = await cluster.framesSent();
          cluster.resetCounters();
          const outcome = await cluster.request<{ result: number[]; wallTimeMs: number }>(client, 'paradigm', { paradigm, records: recordsByHost, codeServer, top });
          const bytes = cluster.bytesOverLinks;
          const messages = (await cluster.framesSent()) - framesBefore;
          const entry = measured.get(paradigm)!;
          entry.bytes.push(bytes);
          entry.messages.push(messages);
          entry.wallTimeMs.push(outcome.wallTimeMs);
          entry.correct &&= JSON.stringify(outcome.result) === JSON.stringify(truth);
          context.sample(paradigm, { paradigmWallTimeMs: outcome.wallTimeMs });
          done += 1;
        }
      }
      for (const paradigm of paradigmNames) {
        const entry = measured.get(paradigm)!;
        sweep.push({
          paradigm,
          records: total,
          link: label,
          bandwidthBytesPerSecond: link.bandwidthBytesPerSecond,
          latencyMs: link.latencyMs,
          bytesTransferred: Math.round(median(entry.bytes)),
          messages: Math.round(median(entry.messages)),
          wallTimeMs: round(median(entry.wallTimeMs)),
          resultCorrect: entry.correct,
          series: `${paradigm} @ ${label}`,
        });
      }
    }
  }
  const crossovers: Crossover[] = [];
  const markers: ParadigmsResult['markers'] = [];
  for (const link of links) {
    const label = linkShapeLabel(link);
    const pointsOf = (paradigm: Paradigm): ParadigmPoint[] => sweep.filter((point) => point.link === label && point.paradigm === paradigm);
    const clientServer = pointsOf('client-server');
    for (const versus of ['remote-evaluation', 'mobile-agent'] as const) {
      const challenger = pointsOf(versus);
      const byBytes = crossoverOf(records, clientServer.map((point) => point.bytesTransferred), challenger.map((point) => point.bytesTransferred));
      const byTime = crossoverOf(records, clientServer.map((point) => point.wallTimeMs), challenger.map((point) => point.wallTimeMs));
      crossovers.push({ link: label, versus, byBytesRecords: byBytes.at, byTimeRecords: byTime.at, byBytes: byBytes.status, byTime: byTime.status });
      if (versus === 'remote-evaluation' && byTime.status === 'within') markers.push({ x: byTime.at, label: `${label}: ${byTime.at}`, chart: 'time' });
      if (versus === 'remote-evaluation' && byBytes.status === 'within' && link === links[0]) markers.push({ x: byBytes.at, label: `${byBytes.at} records`, chart: 'bytes' });
    }
  }
  const headlineLink = linkShapeLabel(links[slowestLinkIndex(links)]!);
  const largest = records[records.length - 1]!;
  const headline = sweep.filter((point) => point.link === headlineLink && point.records === largest);
  progress(1, 'paradigms measured');
  return { headline, sweep, crossovers, markers };
}
