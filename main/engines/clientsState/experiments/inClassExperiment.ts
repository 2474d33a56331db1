// The lecture's in-class questions, observed in a crash. Is a server that holds a TCP connection
// stateful? Its clients' progress lives in the connection: kill it and each client notices at
// once (the connection breaks) and starts again from nothing. Is a web server that maps client IP
// addresses to the page each visited last stateful? It keeps state about clients — and loses it
// in a crash, without being wrong (it sends the welcome page instead); and an IP address is not a
// client: two users behind one address share a "last page".
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { EngineContext } from '../../engine.ts';
import { pause } from '../../../toolkit/abortableWaits.ts';
import { ServerProcess } from '../serverProcess.ts';
import { clientsStateEntryModules } from '../clientsStateEntryModules.ts';
import type { RunGuard } from '../runGuard.ts';
import { loopbackHost } from './experimentTools.ts';

export interface InClassResult {
  inClassConnection: { itemsBeforeCrash: number; clientNoticedCrashMs: number; firstItemAfterRestart: number };
  inClassLastPage: { step: number; client: string; clientAddress: string; asked: string; answer: string; afterCrash: boolean }[];
}

function lineReader(socket: Socket): () => Promise<string> {
  let buffered = '';
  const waiting: ((line: string) => void)[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    buffered += text;
    let newline = buffered.indexOf('\n');
    while (newline >= 0 && waiting.length > 0) {
      waiting.shift()!(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  });
  return () => new Promise((resolve) => waiting.push(resolve));
}

async function openLine(context: EngineContext, port: number): Promise<{ socket: Socket; next: () => Promise<number> }> {
  const socket = connect({ host: loopbackHost, port });
  context.defer('in-class connection', () => void socket.destroy());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  const readLine = lineReader(socket);
  return {
    socket,
    next: async () => {
      socket.write('NEXT\n');
      return Number((await readLine()).split(' ')[1]);
    },
  };
}

async function connectionQuestion(context: EngineContext, guard: RunGuard, downtimeMs: number): Promise<InClassResult['inClassConnection']> {
  const config = { kind: 'connection', host: loopbackHost, port: 0 };
  const server = await ServerProcess.start(context, guard, 'connection server', clientsStateEntryModules.inClassServer, config);
  const first = await openLine(context, server.port);
  let item = 0;
  for (let step = 0; step < 5; step += 1) item = await first.next();
  const noticed = new Promise<number>((resolve) => first.socket.once('close', () => resolve(performance.now())));
  const killedAt = performance.now();
  await server.crash();
  const noticedAt = await noticed;
  await pause(downtimeMs, guard.signal);
  const restarted = await ServerProcess.start(context, guard, 'connection server (restarted)', clientsStateEntryModules.inClassServer, { ...config, port: server.port });
  const second = await openLine(context, restarted.port);
  const firstAfter = await second.next();
  second.socket.destroy();
  await restarted.leave();
  return { itemsBeforeCrash: item, clientNoticedCrashMs: Math.round((noticedAt - killedAt) * 1000) / 1000, firstItemAfterRestart: firstAfter };
}

function getPage(port: number, path: string, localAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: loopbackHost, port, path, localAddress, agent: false, timeout: 5_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk.slice(0, 1_000)));
      response.on('end', () => resolve(body.trim()));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer')));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** 127.0.0.2 and 127.0.0.3 are other hosts on Linux's loopback; where they are not, every client is 127.0.0.1. */
async function clientAddresses(port: number): Promise<[string, string]> {
  try {
    await getPage(port, '/probe', '127.0.0.3');
    return ['127.0.0.2', '127.0.0.3'];
  } catch {
    return ['127.0.0.1', '127.0.0.1'];
  }
}

async function lastPageQuestion(context: EngineContext, guard: RunGuard, downtimeMs: number): Promise<InClassResult['inClassLastPage']> {
  const config = { kind: 'last-page', host: loopbackHost, port: 0 };
  let server = await ServerProcess.start(context, guard, 'last-page web server', clientsStateEntryModules.inClassServer, config);
  const [addressOfA, addressOfB] = await clientAddresses(server.port);
  const steps: InClassResult['inClassLastPage'] = [];
  const visit = async (client: string, clientAddress: string, asked: string, afterCrash: boolean) => {
    steps.push({ step: steps.length + 1, client, clientAddress, asked, answer: await getPage(server.port, asked, clientAddress), afterCrash });
  };
  await visit('A', addressOfA, '/lecture/clients', false);
  await visit('B', addressOfB, '/lecture/servers', false);
  await visit('A', addressOfA, '/', false);
  await visit('B', addressOfB, '/', false);
  // Another user on A's machine (or behind the same NAT): the server cannot tell them apart.
  await visit('C (same address as A)', addressOfA, '/', false);
  await server.crash();
  await pause(downtimeMs, guard.signal);
  server = await ServerProcess.start(context, guard, 'last-page web server (restarted)', clientsStateEntryModules.inClassServer, { ...config, port: server.port });
  await visit('A', addressOfA, '/', true);
  await server.leave();
  return steps;
}

export async function runInClass(context: EngineContext, guard: RunGuard, downtimeMs: number): Promise<InClassResult> {
  return { inClassConnection: await connectionQuestion(context, guard, downtimeMs), inClassLastPage: await lastPageQuestion(context, guard, downtimeMs) };
}
