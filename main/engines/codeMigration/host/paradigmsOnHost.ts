// The four code-mobility paradigms on the same task, the client's part and the servers' parts:
// - client-server: the client has the know-how; it fetches every record and computes at home;
// - remote evaluation: the client ships its code to each data host, which runs it on its records
//   (in a sandbox) and sends back only the result;
// - code on demand: the client has no code; it fetches it from a code server, then runs it at
//   home (in a sandbox: the code is foreign) on records it fetches;
// - mobile agent: code and state leave home, visit each data host in turn (taking its records
//   into the state) and come home with the result.
import { codeDigest, decodeCodeSegment } from '../../../abstractMachine/codeSegment.ts';
import { captureExecutionSegment, resumeExecutionSegment } from '../../../abstractMachine/executionSegment.ts';
import { Machine } from '../../../abstractMachine/machine.ts';
import { pairsOfEncodedOrders } from '../orders.ts';
import { programFor, type ProgramRequest } from '../programs/programLibrary.ts';
import { agentHeap } from '../programs/topOrdersProgram.ts';
import type { Frame } from './hostFrames.ts';
import type { HostRuntime } from './hostRuntime.ts';
import { packCodeAndSegment, pairsCursor, runLocally, unpackCodeAndSegment } from './localRun.ts';
import { describeEnd, runReceivedCode } from './receivedCode.ts';

export type Paradigm = 'client-server' | 'remote-evaluation' | 'code-on-demand' | 'mobile-agent';

interface ParadigmArgs {
  paradigm: Paradigm;
  /** Data host name → how many of its records the task covers. */
  records: Record<string, number>;
  codeServer: string;
  top: number;
}

function concatPairs(parts: readonly Int32Array[]): Int32Array {
  const all = new Int32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/** [amount, id] result pairs as [id, amount] records, for merging. */
function resultsAsRecords(results: readonly number[][]): Int32Array {
  const pairs: number[] = [];
  for (const result of results) for (let index = 0; index + 1 < result.length; index += 2) pairs.push(result[index + 1]!, result[index]!);
  return Int32Array.from(pairs);
}

/** The client's own computation, in its own process: it trusts its own code. */
async function computeAtHome(top: number, records: Int32Array): Promise<number[]> {
  const machine = Machine.start(programFor({ name: 'top-orders', top }).program, 'local');
  let result: number[] = [];
  const end = await runLocally(machine, { records: pairsCursor(records), emit: (words) => (result = Array.from(words)) });
  if (end.kind !== 'halted') throw new Error(`the client's computation did not halt: ${end.kind}`);
  return result;
}

export function paradigmsOnHost(runtime: HostRuntime): void {
  const { peers, resources } = runtime;
  const pendingTours = new Map<string, (frame: Frame) => void>();

  // Data host: a generic data service (the records, nothing computed).
  runtime.peerHandlers.set('fetchOrders', (frame, respond) => {
    const count = Math.max(0, Number(frame.header.count) || 0);
    respond({ count }, resources.encodedOrders(count));
  });

  // Data host: remote evaluation of received code on its own records.
  runtime.peerHandlers.set('evaluate', async (frame, respond) => {
    const count = Math.max(0, Number(frame.header.count) || 0);
    const entry = String(frame.header.entry ?? 'local');
    let result: number[] = [];
    const { end } = await runReceivedCode(runtime, { kind: 'runAbstract', code: frame.body.slice(), entry }, { records: resources.orderCursor(count), emit: (words) => (result = Array.from(words)), hostNumber: runtime.config.number });
    if (end.kind !== 'halted') throw new Error(`${runtime.config.name}: ${describeEnd(end)}`);
    respond({ result, instructionCount: end.instructionCount });
  });

  // Code server (any host can be one): programs by name.
  runtime.peerHandlers.set('fetchCode', (frame, respond) => {
    const request = frame.header.program as ProgramRequest;
    respond({ program: request.name }, programFor(request).encoded);
  });

  // A mobile agent arrives: at home, its tour ends; elsewhere it works here and moves on.
  runtime.peerHandlers.set('agent', async (frame) => {
    const tourId = String(frame.header.tour);
    if (frame.header.home === runtime.config.name) {
      pendingTours.get(tourId)?.(frame);
      return;
    }
    const { code, segment } = unpackCodeAndSegment(frame.body);
    const records = frame.header.records as Record<string, number>;
    const { end } = await runReceivedCode(runtime, { kind: 'runAbstract', code, segment }, { records: resources.orderCursor(records[runtime.config.name] ?? 0), hostNumber: runtime.config.number });
    if (end.kind !== 'moved') {
      runtime.note(`the agent of tour ${tourId} ended at ${runtime.config.name}: ${describeEnd(end)}`);
      return;
    }
    const next = runtime.hostName(end.host);
    if (next === undefined) return runtime.note(`the agent asked to go to host ${end.host}, which does not exist`);
    await peers.send(next, { kind: 'agent', tour: tourId, home: frame.header.home, records }, packCodeAndSegment(code, end.segment));
  });

  const fetchAll = async (records: Record<string, number>): Promise<Int32Array> => {
    const replies = await Promise.all(Object.entries(records).map(([host, count]) => peers.request(host, { kind: 'fetchOrders', count })));
    return concatPairs(replies.map((reply) => pairsOfEncodedOrders(reply.body)));
  };

  let tours = 0;
  runtime.commands.set('paradigm', async (rawArgs) => {
    const args = rawArgs as unknown as ParadigmArgs;
    const startedAt = performance.now();
    let result: number[];
    switch (args.paradigm) {
      case 'client-server':
        result = await computeAtHome(args.top, await fetchAll(args.records));
        break;
      case 'remote-evaluation': {
        const code = programFor({ name: 'top-orders', top: args.top }).encoded;
        const replies = await Promise.all(Object.entries(args.records).map(([host, count]) => peers.request(host, { kind: 'evaluate', count, entry: 'local' }, code)));
        result = await computeAtHome(args.top, resultsAsRecords(replies.map((reply) => reply.header.result as number[])));
        break;
      }
      case 'code-on-demand': {
        const reply = await peers.request(args.codeServer, { kind: 'fetchCode', program: { name: 'top-orders', top: args.top } });
        const records = await fetchAll(args.records);
        let emitted: number[] = [];
        const { end } = await runReceivedCode(runtime, { kind: 'runAbstract', code: reply.body.slice(), entry: 'local' }, { records: pairsCursor(records), emit: (words) => (emitted = Array.from(words)) });
        if (end.kind !== 'halted') throw new Error(`the downloaded code did not finish: ${describeEnd(end)}`);
        result = emitted;
        break;
      }
      case 'mobile-agent': {
        const { program, encoded } = programFor({ name: 'top-orders', top: args.top });
        const digest = codeDigest(encoded);
        const machine = Machine.start(program, 'tour');
        const hosts = Object.keys(args.records);
        if (hosts.length > agentHeap.maximumHops) throw new Error(`an agent visits at most ${agentHeap.maximumHops} hosts`);
        machine.heap[agentHeap.itineraryLength] = hosts.length;
        machine.heap[agentHeap.home] = runtime.config.number;
        hosts.forEach((host, index) => (machine.heap[agentHeap.itinerary + index] = runtime.hostNumber(host)));
        const leaving = await runLocally(machine, {});
        if (leaving.kind !== 'moved') throw new Error(`the agent did not leave home: ${leaving.kind}`);
        tours += 1;
        const tour = `${runtime.config.name}-${tours}`;
        const back = new Promise<Frame>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the agent of tour ${tour} did not come back within 120 s`)), 120_000);
          pendingTours.set(tour, (frame) => {
            clearTimeout(timer);
            resolve(frame);
          });
        });
        const first = runtime.hostName(leaving.host)!;
        await peers.send(first, { kind: 'agent', tour, home: runtime.config.name, records: args.records }, packCodeAndSegment(encoded, captureExecutionSegment(machine, digest)));
        const returned = await back.finally(() => pendingTours.delete(tour));
        const { code, segment } = unpackCodeAndSegment(returned.body);
        // Home runs the agent in its own process only if it is still its own code.
        if (Buffer.compare(Buffer.from(codeDigest(code)), Buffer.from(digest)) !== 0) throw new Error('the agent came back with other code than it left with');
        const resumed = resumeExecutionSegment(decodeCodeSegment(code), codeDigest(code), segment);
        let emitted: number[] = [];
        const home = await runLocally(resumed, { emit: (words) => (emitted = Array.from(words)) });
        if (home.kind !== 'halted') throw new Error(`the agent did not finish at home: ${home.kind}`);
        result = emitted;
        break;
      }
      default:
        throw new Error(`unknown paradigm ${String(args.paradigm)}`);
    }
    return { result, wallTimeMs: performance.now() - startedAt };
  });
}
