// Entry module of tier 3: a data server process. It keeps the objects in a real SQLite file and
// answers one query per line over TCP: `<id> <key>\n` is answered `<id> <value>\n` (`<id> -\n`
// for a key it does not hold). Application servers keep one connection open and send their
// queries on it as requests come. With a query time, each query holds one of `concurrency`
// service slots for that long (as a database with a fixed pool of workers, each waiting on its
// disk); queries beyond the slots wait in this process's queue, so a busy data tier is a real
// queue that every application server's requests share.
import Database from 'better-sqlite3';
import { createServer, type Socket } from 'node:net';
import type { DataServerOptions, DataServerStats, DataServerToEngine, EngineToDataServer } from './clusterMessages.ts';
import { SocketTraffic } from './socketTraffic.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as DataServerOptions;
const maximumLineBytes = 1024;

function send(message: DataServerToEngine): void {
  if (process.connected) process.send!(message);
}

const database = new Database(options.databasePath);
database.pragma('journal_mode = WAL');
database.exec('CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
const insert = database.prepare('INSERT OR REPLACE INTO objects (key, value) VALUES (?, ?)');
database.transaction(() => {
  for (let index = 0; index < options.objects; index += 1) insert.run(`object-${index}`, `version=1;owner=tier3;object=${index}`);
})();
const lookup = database.prepare<[string], { value: string }>('SELECT value FROM objects WHERE key = ?');

interface Query {
  socket: Socket;
  id: string;
  key: string;
  arrivedAt: number;
}

const queryTimeMs = Math.max(0, options.queryTimeMs ?? 0);
const slots = Math.max(0, options.concurrency ?? 0);
const waiting: Query[] = [];
let inService = 0;
const traffic = new SocketTraffic();
const counted = { connectionsAccepted: 0, queries: 0, queueWaitMs: 0, busySlotMs: 0 };

function answer(query: Query): string {
  return `${query.id} ${lookup.get(query.key)?.value ?? '-'}\n`;
}

function startWaiting(): void {
  while (waiting.length > 0 && (slots === 0 || inService < slots)) {
    const query = waiting.shift()!;
    inService += 1;
    const startedAt = performance.now();
    counted.queueWaitMs += startedAt - query.arrivedAt;
    setTimeout(() => {
      inService -= 1;
      counted.queries += 1;
      counted.busySlotMs += performance.now() - startedAt;
      if (!query.socket.destroyed) query.socket.write(answer(query));
      startWaiting();
    }, queryTimeMs);
  }
}

function serve(socket: Socket): void {
  counted.connectionsAccepted += 1;
  traffic.add(socket);
  socket.setNoDelay(true);
  socket.on('error', () => {});
  let pending = '';
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    if (pending.length > 64 * maximumLineBytes) {
      socket.destroy();
      return;
    }
    let answers = '';
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      const space = line.indexOf(' ');
      if (space <= 0) continue;
      const query = { socket, id: line.slice(0, space), key: line.slice(space + 1), arrivedAt: performance.now() };
      if (queryTimeMs === 0 && slots === 0) {
        counted.queries += 1;
        answers += answer(query);
      } else waiting.push(query);
    }
    if (answers !== '') socket.write(answers);
    startWaiting();
  });
}

const server = createServer(serve);
server.on('error', (error) => {
  send({ type: 'failed', message: `the data server cannot listen on ${options.host}: ${error.message}` });
  process.exit(1);
});
server.listen({ host: options.host, port: 0, exclusive: true }, () => {
  const address = server.address();
  send({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });
});
process.on('message', (message: EngineToDataServer) => {
  if (message.type === 'reset') {
    counted.connectionsAccepted = counted.queries = counted.queueWaitMs = counted.busySlotMs = 0;
    traffic.reset();
    send({ type: 'reply', id: message.id });
  } else if (message.type === 'stats') {
    const sockets = traffic.snapshot();
    const stats: DataServerStats = { ...counted, connections: sockets.connections, bytesIn: sockets.bytesIn, bytesOut: sockets.bytesOut, slots };
    send({ type: 'reply', id: message.id, stats });
  }
});
// An orphan must not linger: when the engine goes, so does the data tier.
process.on('disconnect', () => {
  database.close();
  process.exit(0);
});
