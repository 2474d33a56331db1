// Entry module of tier 2: one application server process on its own loopback address. It serves
// HTTP/1.1 on that address (the relay and DNS clients connect there) and serves client
// connections the dispatcher hands it through the IPC channel (the descriptor itself: the server
// then answers the client directly). Each request names an object; the server asks the data tier
// for it unless its cache holds it, does the request's work and sends the response.
import { createServer, type Socket } from 'node:net';
import { HttpConnection } from '../../http/httpConnection.ts';
import { responseBodyOfSize } from '../../http/httpResponse.ts';
import { RequestWork } from '../../workload/requestWork.ts';
import type { AppServerOptions, DispatcherToServer, ServerSettings, ServerToDispatcher } from './clusterMessages.ts';
import { DataClient } from './dataClient.ts';
import { ObjectCache, objectKeyOf } from './objectCache.ts';
import { SocketTraffic } from './socketTraffic.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as AppServerOptions;
let settings: ServerSettings = options.settings;
let work = new RequestWork(settings.workload, options.seed);
let responseBody = responseBodyOfSize(settings.responseSizeBytes);
const cache = new ObjectCache(settings.cacheObjects);
const data = new DataClient(options.dataHost, options.dataPort);
const counters = { requests: 0, cacheHits: 0, dataQueries: 0, connections: 0, handedOff: 0 };
/** What crossed this process's sockets, by who is at the other end: handed-off clients, the dispatcher's relayed connections. */
const handedOffTraffic = new SocketTraffic();
const acceptedTraffic = new SocketTraffic();
let inFlight = 0;
let openConnections = 0;

function send(message: ServerToDispatcher): void {
  if (process.connected) process.send!(message);
}

function serve(socket: Socket, traffic: SocketTraffic): void {
  counters.connections += 1;
  traffic.add(socket);
  openConnections += 1;
  new HttpConnection(socket, {
    serverName: `proclab-cluster-server-${options.index + 1}`,
    responseBody,
    maximumRequests: settings.requestsPerConnection,
    idleTimeoutMs: 5_000,
    handleRequest: (request, done) => {
      inFlight += 1;
      const key = objectKeyOf(request.target, settings.objects);
      const body = responseBody;
      const finish = (failure?: string): void => {
        inFlight -= 1;
        if (failure !== undefined) {
          done(503, failure);
          return;
        }
        counters.requests += 1;
        work.runOnEventLoop(request.target, () => done(undefined, undefined, body));
      };
      if (cache.get(key) !== undefined) {
        counters.cacheHits += 1;
        finish();
        return;
      }
      counters.dataQueries += 1;
      data.query(key, (value, error) => {
        if (error !== undefined) finish('the data tier is unreachable');
        else {
          if (value !== undefined) cache.set(key, value);
          finish();
        }
      });
    },
    onClose: () => {
      openConnections -= 1;
      send({ type: 'closed' });
    },
  });
}

const server = createServer({ noDelay: true }, (socket) => serve(socket, acceptedTraffic));
server.on('error', (error) => {
  send({ type: 'failed', message: `application server ${options.index + 1} cannot listen on ${options.host}: ${error.message}` });
  process.exit(1);
});

process.on('message', (message: DispatcherToServer, socket?: Socket) => {
  switch (message.type) {
    case 'connection':
      if (socket === undefined) return;
      counters.handedOff += 1;
      // The bytes the dispatcher read to choose this server go back in front of the stream.
      if (message.replay.length > 0) socket.unshift(Buffer.from(message.replay, 'latin1'));
      serve(socket, handedOffTraffic);
      return;
    case 'configure':
      settings = message.settings;
      work = new RequestWork(settings.workload, options.seed);
      responseBody = responseBodyOfSize(settings.responseSizeBytes);
      cache.resize(settings.cacheObjects);
      send({ type: 'reply', id: message.id });
      return;
    case 'reset':
      counters.requests = counters.cacheHits = counters.dataQueries = counters.connections = counters.handedOff = 0;
      cache.clear();
      handedOffTraffic.reset();
      acceptedTraffic.reset();
      data.traffic.reset();
      send({ type: 'reply', id: message.id });
      return;
    case 'stats': {
      const address = server.address();
      send({ type: 'reply', id: message.id, stats: { ...counters, traffic: { handedOff: handedOffTraffic.snapshot(), accepted: acceptedTraffic.snapshot(), data: data.traffic.snapshot() }, pid: process.pid, port: typeof address === 'object' && address !== null ? address.port : 0 } });
      return;
    }
  }
});

setInterval(() => send({ type: 'load', inFlight, connections: openConnections }), Math.max(10, options.loadReportIntervalMs)).unref();
// An orphan must not linger: when the dispatcher goes, so does its server.
process.on('disconnect', () => process.exit(0));
server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
  const address = server.address();
  send({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });
});
