// Entry module of tier 1: the dispatcher process. It starts the application servers (its
// children, so it holds an IPC channel to each: the path a client connection's descriptor takes
// in handoff), accepts client connections on its own address, reads just enough of each to
// choose a server, and then either relays (a second connection to the server, every byte copied
// both ways through this process) or hands the connection off (the accepted socket's descriptor
// goes to the server with the bytes already read; this process closes its copy and never sees
// the response).
import { fork, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { entryModulePath } from '../../platform/moduleEntry.ts';
import { serverClustersEntryModules } from './serverClustersEntryModules.ts';
import type {
  AppServerOptions,
  DispatcherOptions,
  DispatcherStats,
  DispatcherToEngine,
  DispatcherToServer,
  DispatchMode,
  EngineToDispatcher,
  ServerSettings,
  ServerStats,
  ServerToDispatcher,
} from './clusterMessages.ts';
import { Dispatcher, type DispatchPolicy, type ServerView } from './dispatchPolicy.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as DispatcherOptions;
const maximumHeadBytes = 8 * 1024;
const serverStartMs = 10_000;
const replyWaitMs = 2_000;
const healthConnectTimeoutMs = 250;
const startedAt = performance.now();
const noTraffic = { bytesIn: 0, bytesOut: 0, connections: 0 };

let mode: DispatchMode = options.mode;
let policy: DispatchPolicy = options.policy;
let chooser = new Dispatcher(policy);
let settings: ServerSettings = options.server;
/** Only the first this many servers are dispatched to (the scaling sweep); the rest stay idle. */
let activeServers = options.serverHosts.length;
const bytes = { clientBytesIn: 0, clientBytesOut: 0, serverBytesIn: 0, serverBytesOut: 0, connectionsAccepted: 0, serverConnections: 0, handedOff: 0, replayBytes: 0, connectionsFailed: 0 };

interface Member extends ServerView {
  index: number;
  host: string;
  port: number;
  child: ChildProcess;
  relayed: number;
  downSinceMs: number | null;
}

const members: Member[] = [];
let nextReplyId = 1;
const replies = new Map<number, (message: Extract<ServerToDispatcher, { type: 'reply' }> | undefined) => void>();

function tell(message: DispatcherToEngine): void {
  if (process.connected) process.send!(message);
}

function elapsedMs(): number {
  return performance.now() - startedAt;
}

function startServer(index: number): Promise<Member> {
  const serverOptions: AppServerOptions = {
    index,
    host: options.serverHosts[index]!,
    port: members[0]?.port ?? 0,
    dataHost: options.dataHost,
    dataPort: options.dataPort,
    loadReportIntervalMs: options.loadReportIntervalMs,
    settings,
    seed: options.seed + index + 1,
  };
  const child = fork(entryModulePath(serverClustersEntryModules.appServer), [JSON.stringify(serverOptions)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
    env: process.versions.electron === undefined ? process.env : { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const member: Member = { index, host: serverOptions.host, port: 0, child, up: false, activeConnections: 0, reportedLoad: 0, relayed: 0, downSinceMs: null };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`application server ${index + 1} did not start in time`)), serverStartMs);
    child.on('message', (message: ServerToDispatcher) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        member.port = message.port;
        member.up = true;
        resolve(member);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(message.message));
      } else if (message.type === 'load') member.reportedLoad = message.inFlight;
      else if (message.type === 'closed') member.activeConnections = Math.max(0, member.activeConnections - 1);
      else if (message.type === 'reply') {
        replies.get(message.id)?.(message);
        replies.delete(message.id);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`application server ${index + 1} exited (${signal ?? code}) before it was ready`));
    });
  });
}

/** Asks one server and waits for its answer (undefined if it is gone or silent). */
function askServer(member: Member, message: DispatcherToServer & { id: number }): Promise<Extract<ServerToDispatcher, { type: 'reply' }> | undefined> {
  if (!member.child.connected) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      replies.delete(message.id);
      resolve(undefined);
    }, replyWaitMs);
    replies.set(message.id, (reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    member.child.send(message);
  });
}

function markDown(member: Member, reason: string): void {
  if (!member.up) return;
  member.up = false;
  member.downSinceMs = elapsedMs();
  tell({ type: 'server-down', index: member.index, atMs: member.downSinceMs, reason });
}

function markUp(member: Member): void {
  if (member.up) return;
  member.up = true;
  member.downSinceMs = null;
  tell({ type: 'server-up', index: member.index, atMs: elapsedMs() });
}

/** The request target of the first request line in `head`. */
function targetOf(head: Buffer): string {
  const lineEnd = head.indexOf('\r\n');
  const line = head.toString('latin1', 0, lineEnd === -1 ? head.length : lineEnd);
  return line.split(' ')[1] ?? '/';
}

function refuse(client: Socket, status: string): void {
  bytes.connectionsFailed += 1;
  const body = `${status}\n`;
  client.end(`HTTP/1.1 ${status}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}

function relay(client: Socket, head: Buffer, target: string, tried: Set<number>): void {
  const index = chooser.choose(members.slice(0, activeServers).map((member) => (tried.has(member.index) ? { ...member, up: false } : member)), target);
  if (index === undefined) {
    refuse(client, '503 Service Unavailable');
    return;
  }
  const member = members[index]!;
  const upstream = connect({ host: member.host, port: member.port, noDelay: true });
  let connected = false;
  upstream.once('connect', () => {
    connected = true;
    bytes.serverConnections += 1;
    member.activeConnections += 1;
    member.relayed += 1;
    upstream.write(head);
    bytes.serverBytesOut += head.length;
    client.resume();
    // Every byte crosses this process: read from one socket, written to the other.
    client.on('data', (chunk: Buffer) => {
      bytes.clientBytesIn += chunk.length;
      bytes.serverBytesOut += chunk.length;
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Buffer) => {
      bytes.serverBytesIn += chunk.length;
      bytes.clientBytesOut += chunk.length;
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
  });
  upstream.on('error', () => {
    if (!connected) {
      // A failed connect is a health verdict of its own: mark it down and try another server.
      markDown(member, 'connection refused');
      tried.add(member.index);
      upstream.destroy();
      relay(client, head, target, tried);
      return;
    }
    client.destroy();
  });
  upstream.on('close', () => {
    if (connected) {
      member.activeConnections = Math.max(0, member.activeConnections - 1);
      client.destroy();
    }
  });
}

function handOff(client: Socket, head: Buffer, target: string, tried: Set<number>): void {
  const index = chooser.choose(members.slice(0, activeServers).map((member) => (tried.has(member.index) ? { ...member, up: false } : member)), target);
  if (index === undefined) {
    refuse(client, '503 Service Unavailable');
    return;
  }
  const member = members[index]!;
  if (!member.child.connected) {
    markDown(member, 'its process is gone');
    tried.add(member.index);
    handOff(client, head, target, tried);
    return;
  }
  member.activeConnections += 1;
  member.child.send({ type: 'connection', replay: head.toString('latin1') } satisfies DispatcherToServer, client, (error) => {
    if (error !== null && error !== undefined) {
      member.activeConnections = Math.max(0, member.activeConnections - 1);
      markDown(member, `the connection could not be handed over: ${error.message}`);
      tried.add(member.index);
      if (!client.destroyed) handOff(client, head, target, tried);
      return;
    }
    bytes.handedOff += 1;
    bytes.replayBytes += head.length;
    // Sent: the server's process holds the descriptor now. Closing ours leaves its copy open
    // (destroying the object also emits 'close', which a sent socket otherwise never does).
    client.destroy();
  });
}

function accept(client: Socket): void {
  bytes.connectionsAccepted += 1;
  client.on('error', () => {});
  let head: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    bytes.clientBytesIn += chunk.length;
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    const headersEnd = head.indexOf('\r\n\r\n');
    if (headersEnd === -1) {
      if (head.length > maximumHeadBytes) {
        client.off('data', onData);
        refuse(client, '431 Request Header Fields Too Large');
      }
      return;
    }
    // Just enough read to choose: stop reading before the connection is relayed or handed over.
    client.off('data', onData);
    client.pause();
    const target = targetOf(head);
    if (mode === 'relay') relay(client, head, target, new Set());
    else handOff(client, head, target, new Set());
  };
  client.on('data', onData);
}

function stats(): Promise<DispatcherStats> {
  return Promise.all(members.map((member) => askServer(member, { type: 'stats', id: nextReplyId++ }))).then((answers) => ({
    pid: process.pid,
    port: listeningPort,
    mode,
    policy,
    ...bytes,
    servers: members.map((member, index): ServerStats => {
      const reported = answers[index]?.stats;
      return {
        index: member.index,
        host: member.host,
        port: member.port,
        pid: reported?.pid ?? member.child.pid ?? 0,
        alive: member.child.exitCode === null && member.child.signalCode === null,
        requests: reported?.requests ?? 0,
        cacheHits: reported?.cacheHits ?? 0,
        dataQueries: reported?.dataQueries ?? 0,
        connections: reported?.connections ?? 0,
        handedOff: reported?.handedOff ?? 0,
        traffic: reported?.traffic ?? { handedOff: noTraffic, accepted: noTraffic, data: noTraffic },
      };
    }),
    downSince: members.map((member) => member.downSinceMs),
  }));
}

function healthCheck(): void {
  for (const member of members) {
    const probe = connect({ host: member.host, port: member.port });
    const timer = setTimeout(() => {
      probe.destroy();
      markDown(member, 'no answer to the health check');
    }, healthConnectTimeoutMs);
    probe.once('connect', () => {
      clearTimeout(timer);
      probe.destroy();
      markUp(member);
    });
    probe.once('error', () => {
      clearTimeout(timer);
      markDown(member, 'the health check was refused');
    });
  }
}

async function handle(message: EngineToDispatcher): Promise<void> {
  if (message.type === 'stop') {
    shutDown(0);
    return;
  }
  try {
    switch (message.type) {
      case 'configure': {
        mode = message.mode;
        policy = message.policy;
        chooser = new Dispatcher(policy);
        settings = message.server;
        activeServers = Math.max(1, Math.min(members.length, message.activeServers ?? members.length));
        await Promise.all(members.map((member) => askServer(member, { type: 'configure', id: nextReplyId++, settings })));
        tell({ type: 'reply', id: message.id });
        return;
      }
      case 'reset':
        for (const key of Object.keys(bytes) as (keyof typeof bytes)[]) bytes[key] = 0;
        for (const member of members) member.relayed = 0;
        await Promise.all(members.map((member) => askServer(member, { type: 'reset', id: nextReplyId++ })));
        tell({ type: 'reply', id: message.id });
        return;
      case 'stats':
        tell({ type: 'reply', id: message.id, stats: await stats() });
        return;
      case 'restart': {
        const old = members[message.index];
        if (old === undefined) throw new Error(`no server ${message.index + 1}`);
        if (old.child.exitCode === null && old.child.signalCode === null) old.child.kill('SIGKILL');
        const fresh = await startServer(message.index);
        fresh.up = false;
        fresh.downSinceMs = old.downSinceMs;
        members[message.index] = fresh;
        // It rejoins when the next health check reaches it, as a server on another machine would.
        tell({ type: 'reply', id: message.id });
        return;
      }
    }
  } catch (error) {
    tell({ type: 'reply', id: message.id, error: (error as Error).message });
  }
}

let listeningPort = 0;
let healthTimer: ReturnType<typeof setInterval> | undefined;
let listener: ReturnType<typeof createServer> | undefined;

let shuttingDown = false;

/** Ends the servers and waits (a bounded time) until each is reaped, so none is left as a zombie or an orphan. */
function shutDown(code: number): void {
  if (shuttingDown) return;
  shuttingDown = true;
  clearInterval(healthTimer);
  listener?.close();
  const running = members.filter((member) => member.child.exitCode === null && member.child.signalCode === null);
  const reaped = running.map((member) => new Promise<void>((resolve) => member.child.once('exit', () => resolve())));
  for (const member of running) member.child.kill('SIGKILL');
  const bound = setTimeout(() => process.exit(code), 2_000);
  void Promise.all(reaped).then(() => {
    clearTimeout(bound);
    process.exit(code);
  });
}

process.on('message', (message: EngineToDispatcher) => void handle(message));
// An orphan must not linger: when the engine goes, so do the dispatcher and its servers.
process.on('disconnect', () => shutDown(0));
process.on('SIGTERM', () => shutDown(0));

try {
  for (let index = 0; index < options.serverHosts.length; index += 1) members.push(await startServer(index));
} catch (error) {
  tell({ type: 'failed', message: (error as Error).message });
  shutDown(1);
}

listener = createServer({ noDelay: true }, accept);
listener.on('error', (error) => {
  tell({ type: 'failed', message: `the dispatcher cannot listen on ${options.dispatcherHost}:${options.port}: ${error.message}` });
  shutDown(1);
});
listener.listen({ host: options.dispatcherHost, port: options.port, exclusive: true, backlog: 1024 }, () => {
  const address = listener.address();
  listeningPort = typeof address === 'object' && address !== null ? address.port : 0;
  healthTimer = setInterval(healthCheck, Math.max(10, options.healthIntervalMs));
  tell({ type: 'ready', port: listeningPort, servers: members.map((member) => ({ index: member.index, host: member.host, port: member.port, pid: member.child.pid ?? 0 })) });
});
