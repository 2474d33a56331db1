// Who talked to whom in one measured window: every arrow of the diagram is a count taken inside
// the process at one end of it (and, where that process can tell, the count at the other end
// beside it), never inferred from the mode.
import type { FlowDiagramNode, LocalizedText } from '../../../preload/api.ts';
import type { LoadTraffic } from '../../measure/httpLoad/loadMessages.ts';
import type { DataServerStats, DispatcherStats, DispatchMode } from './clusterMessages.ts';

export type TrafficNodeId = 'clients' | 'dispatcher' | 'servers' | 'data';

export type CountingProcess = 'clients' | 'dispatcher' | 'servers' | 'data server';

export interface TrafficEdge {
  from: TrafficNodeId;
  to: TrafficNodeId;
  /** Bytes sent this way, as `countedBy` counted them. */
  bytes: number;
  bytesPerRequest: number;
  countedBy: CountingProcess;
  /** The same bytes as the receiving process counted them, where it can tell who sent them. */
  receivedBytes?: number;
  /** Connections (or passed descriptors) opened this way that carried bytes. */
  connections?: number;
  /** The connection itself was passed over an IPC channel (descriptor passing), not opened with TCP. */
  descriptorPassing: boolean;
}

export interface TrafficDiagram {
  mode: DispatchMode;
  responseSizeBytes: number;
  /** Responses the clients received, the denominator of every bytesPerRequest. */
  requests: number;
  /** What the clients themselves counted: the sum of every arrow into and out of them. */
  clients: LoadTraffic;
  nodes: (FlowDiagramNode & { label: LocalizedText })[];
  edges: TrafficEdge[];
}

function nodesOf(servers: number): TrafficDiagram['nodes'] {
  return [
    { id: 'clients', label: { en: 'clients', 'pt-BR': 'clientes' }, column: 0 },
    { id: 'dispatcher', label: { en: 'dispatcher (tier 1)', 'pt-BR': 'despachante (camada 1)' }, column: 1 },
    {
      id: 'servers',
      label: { en: `${servers} application server${servers === 1 ? '' : 's'} (tier 2)`, 'pt-BR': `${servers} servidor${servers === 1 ? '' : 'es'} de aplicação (camada 2)` },
      column: 2,
    },
    { id: 'data', label: { en: 'data server (tier 3)', 'pt-BR': 'servidor de dados (camada 3)' }, column: 3 },
  ];
}

export function trafficDiagram(mode: DispatchMode, responseSizeBytes: number, clients: LoadTraffic, dispatcher: DispatcherStats, data: DataServerStats): TrafficDiagram {
  const requests = Math.max(1, clients.responses);
  const sum = (pick: (traffic: DispatcherStats['servers'][number]['traffic']) => number): number => dispatcher.servers.reduce((total, server) => total + pick(server.traffic), 0);
  const edge = (from: TrafficNodeId, to: TrafficNodeId, bytes: number, countedBy: CountingProcess, extra: Partial<Pick<TrafficEdge, 'receivedBytes' | 'connections' | 'descriptorPassing'>> = {}): TrafficEdge => ({
    from,
    to,
    bytes,
    bytesPerRequest: Math.round((bytes / requests) * 10) / 10,
    countedBy,
    ...(extra.receivedBytes === undefined ? {} : { receivedBytes: extra.receivedBytes }),
    ...(extra.connections === undefined ? {} : { connections: extra.connections }),
    descriptorPassing: extra.descriptorPassing ?? false,
  });
  const edges: TrafficEdge[] = [
    edge('clients', 'dispatcher', dispatcher.clientBytesIn, 'dispatcher', { connections: dispatcher.connectionsAccepted }),
    edge('dispatcher', 'clients', dispatcher.clientBytesOut, 'dispatcher'),
    edge('dispatcher', 'servers', dispatcher.serverBytesOut, 'dispatcher', { receivedBytes: sum((traffic) => traffic.accepted.bytesIn), connections: dispatcher.serverConnections }),
    edge('dispatcher', 'servers', dispatcher.replayBytes, 'dispatcher', { connections: dispatcher.handedOff, descriptorPassing: true }),
    edge('servers', 'dispatcher', sum((traffic) => traffic.accepted.bytesOut), 'servers', { receivedBytes: dispatcher.serverBytesIn }),
    edge('clients', 'servers', sum((traffic) => traffic.handedOff.bytesIn), 'servers'),
    edge('servers', 'clients', sum((traffic) => traffic.handedOff.bytesOut), 'servers'),
    edge('servers', 'data', sum((traffic) => traffic.data.bytesOut), 'servers', { receivedBytes: data.bytesIn, connections: sum((traffic) => traffic.data.connections) }),
    edge('data', 'servers', data.bytesOut, 'data server', { receivedBytes: sum((traffic) => traffic.data.bytesIn) }),
  ];
  return { mode, responseSizeBytes, requests: clients.responses, clients: { ...clients }, nodes: nodesOf(dispatcher.servers.length), edges };
}
