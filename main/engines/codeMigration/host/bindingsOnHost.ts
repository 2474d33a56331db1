// The resource-binding table, executed. A process starts here holding one reference per cell,
// uses each resource, and moves itself (GO) to another host; at the move its supervisor handles
// every reference as the scenario says — GR: the resource stays and this host becomes a proxy that
// serves the process's calls; MV: the resource's bytes go over and the original is removed; CP:
// they go over and the original stays; RB: the new host binds it to a resource of its own —
// or refuses, and says why. There the process uses each resource again, and every access is
// checked and timed.
import { codeDigest } from '../../../abstractMachine/codeSegment.ts';
import { captureExecutionSegment } from '../../../abstractMachine/executionSegment.ts';
import { Machine } from '../../../abstractMachine/machine.ts';
import { cellResources, refusalOf, type Action, type Attachment, type Binding } from '../bindingTable.ts';
import { probeHeap } from '../programs/bindingProbeProgram.ts';
import { programFor } from '../programs/programLibrary.ts';
import type { HostRuntime } from './hostRuntime.ts';
import { packCodeAndSegment, runLocally, unpackCodeAndSegment } from './localRun.ts';
import { describeEnd, runReceivedCode } from './receivedCode.ts';
import { accessHere, adoptResource, exportResource, ownPath, rebindHere, removeResource, valueDigestOf, type ResourceRef } from './resourceAccess.ts';

interface CellRequest {
  binding: Binding;
  attachment: Attachment;
  action: Action;
}

export interface CellOutcome {
  binding: Binding;
  attachment: Attachment;
  action: Action;
  resource: string;
  works: boolean;
  refused: boolean;
  explanation: string;
  bytesMoved: number;
  remoteCallsPerAccess: number;
  latencyPerAccessMs: number;
  accessesWorked: number;
  accesses: number;
}

interface AccessStats {
  remoteCalls: number;
  latenciesMs: number[];
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((first, second) => first - second);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function bindingsOnHost(runtime: HostRuntime): void {
  const { resources, peers, config } = runtime;
  const endpoint = { host: config.address, port: resources.endpointPort };
  const accessAndCount = async (ref: ResourceRef, index: number): Promise<boolean> => {
    const worked = await accessHere(resources, endpoint, ref, index).catch(() => false);
    ref.state.accesses += 1;
    return worked;
  };

  // The proxy of a global reference: the resource stayed here; the process calls it from afar.
  runtime.peerHandlers.set('resourceCall', async (frame, respond) => {
    const ref = frame.header.ref as ResourceRef;
    const worked = await accessAndCount(ref, Number(frame.header.index));
    respond({ worked, state: ref.state });
  });

  runtime.peerHandlers.set('adoptResource', (frame, respond) => {
    const ref = frame.header.ref as ResourceRef;
    adoptResource(resources, ref, frame.body);
    respond({ ref });
  });

  runtime.peerHandlers.set('bindingArrive', async (frame, respond) => {
    const refs = frame.header.refs as ResourceRef[];
    for (const ref of refs) if (ref.refused === undefined && ref.action === 'RB') rebindHere(resources, ref);
    const stats: AccessStats[] = refs.map(() => ({ remoteCalls: 0, latenciesMs: [] }));
    const { code, segment } = unpackCodeAndSegment(frame.body);
    let results: number[] = [];
    const { end } = await runReceivedCode(
      runtime,
      { kind: 'runAbstract', code, segment },
      {
        emit: (words) => (results = Array.from(words)),
        hostNumber: config.number,
        access: async (resource, index) => {
          const ref = refs[resource];
          if (ref === undefined) return 0;
          if (ref.refused !== undefined) return -1;
          const startedAt = performance.now();
          let worked: boolean;
          if (ref.location === config.name) worked = await accessAndCount(ref, index);
          else {
            stats[resource]!.remoteCalls += 1;
            const reply = await peers.request(ref.location, { kind: 'resourceCall', ref, index });
            ref.state = reply.header.state as ResourceRef['state'];
            worked = reply.header.worked === true;
          }
          stats[resource]!.latenciesMs.push(performance.now() - startedAt);
          return worked ? 1 : 0;
        },
      },
    );
    if (end.kind !== 'halted') throw new Error(`the process did not finish at ${config.name}: ${describeEnd(end)}`);
    respond({ results, refs, stats: stats.map((stat) => ({ remoteCalls: stat.remoteCalls, latencyMs: median(stat.latenciesMs) })) });
  });

  runtime.commands.set('bindingProcess', async (args) => {
    const cells = args.cells as CellRequest[];
    const destination = String(args.to);
    const accessesBefore = Number(args.accessesBefore);
    const accessesAfter = Number(args.accessesAfter);
    const refs: ResourceRef[] = cells.map((cell, index) => {
      const resource = cellResources[cell.binding][cell.attachment];
      const path = ownPath(resources, resource);
      const valueDigest = cell.binding === 'value' ? valueDigestOf(resource, config.name) : undefined;
      const refused = refusalOf(cell, cell.action);
      return { index, ...cell, resource, origin: config.name, location: config.name, ...(path === undefined ? {} : { path }), state: { accesses: 0, ...(valueDigest === undefined ? {} : { valueDigest }) }, ...(refused === undefined ? {} : { refused }) };
    });
    const { program, encoded } = programFor({ name: 'binding-probe', resources: refs.length, accessesBefore, accessesAfter });
    const machine = Machine.start(program, 'main');
    machine.heap[probeHeap.destination] = runtime.hostNumber(destination);
    const atHome = await runLocally(machine, { access: async (resource, index) => ((await accessAndCount(refs[resource]!, index)) ? 1 : 0) });
    if (atHome.kind !== 'moved') throw new Error(`the process did not move: ${atHome.kind}`);
    // The move: each reference handled as its cell's action says, before the process leaves.
    const bytesMoved = refs.map(() => 0);
    for (const ref of refs) {
      if (ref.refused !== undefined || (ref.action !== 'MV' && ref.action !== 'CP')) continue;
      const bytes = exportResource(resources, ref);
      const reply = await peers.request(destination, { kind: 'adoptResource', ref }, bytes);
      bytesMoved[ref.index] = bytes.length;
      if (ref.action === 'MV') removeResource(resources, ref);
      Object.assign(ref, reply.header.ref as ResourceRef);
    }
    const segment = captureExecutionSegment(machine, codeDigest(encoded));
    const body = packCodeAndSegment(encoded, segment);
    const reply = await peers.request(destination, { kind: 'bindingArrive', refs }, body);
    const arrived = reply.header.refs as ResourceRef[];
    const results = reply.header.results as number[];
    const stats = reply.header.stats as { remoteCalls: number; latencyMs: number }[];
    const outcomes: CellOutcome[] = arrived.map((ref, index) => {
      const worked = results[index] ?? 0;
      const refused = ref.refused !== undefined;
      return {
        binding: ref.binding,
        attachment: ref.attachment,
        action: ref.action,
        resource: ref.resource,
        works: !refused && worked === accessesAfter,
        refused,
        explanation: ref.refused ?? (worked === accessesAfter ? `${ref.action}: the process reaches ${ref.location === config.name ? `${config.name}'s resource through a proxy` : `a resource on ${ref.location}`}` : `${accessesAfter - worked} of ${accessesAfter} accesses gave the wrong answer`),
        bytesMoved: bytesMoved[index] ?? 0,
        remoteCallsPerAccess: accessesAfter === 0 ? 0 : (stats[index]?.remoteCalls ?? 0) / accessesAfter,
        latencyPerAccessMs: stats[index]?.latencyMs ?? 0,
        accessesWorked: worked,
        accesses: accessesAfter,
      };
    });
    return { cells: outcomes, processBytes: body.length, segmentBytes: segment.length };
  });
}
