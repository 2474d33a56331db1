import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInetdConfiguration } from '../../../main/engines/superserver/inetdConfiguration.ts';
import { Superserver, describeSuperserverEvent, type SuperserverEvent } from '../../../main/engines/superserver/superserver.ts';
import { runPeer } from './peerCommand.ts';

// Port 9100 + offset 18000 = 27100 for the external service, 18007 for echo.
const portOffset = 18_000;
let superserver: Superserver | undefined;
let events: SuperserverEvent[] = [];
const openSockets: Socket[] = [];
const scriptDirectories: string[] = [];

/** inetd splits a line on blanks and knows no quotes, so a handler with a pipeline is a script. */
function handlerScript(name: string, body: string, interpreterLine = '#!/bin/sh\n'): string {
  const directory = mkdtempSync(join(tmpdir(), 'proclab-inetd-'));
  scriptDirectories.push(directory);
  const path = join(directory, name);
  writeFileSync(path, `${interpreterLine}${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function startWith(configuration: string): Promise<Superserver> {
  const { entries, problems } = parseInetdConfiguration(configuration, '/');
  expect(problems).toEqual([]);
  events = [];
  superserver = new Superserver({ portOffset, onEvent: (event) => events.push(event) });
  await superserver.start(entries);
  return superserver;
}

/** A client that stays connected, holding one handler, once the handler has echoed its line. */
function holdConnection(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    openSockets.push(socket);
    socket.once('error', reject);
    socket.once('data', () => resolve(socket));
    socket.write('hold\n');
  });
}

async function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out; events so far:\n${events.map(describeSuperserverEvent).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const refusals = (reason: string) => events.filter((event) => event.kind === 'refused' && event.reason === reason);

afterEach(async () => {
  for (const socket of openSockets.splice(0)) socket.destroy();
  await superserver?.stop();
  superserver = undefined;
  for (const directory of scriptDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('superserver limits, with nc as the refused client', () => {
  it('nowait starts one real handler process per connection, the connection as its stdin and stdout', async () => {
    const server = await startWith(`9100 stream tcp nowait nobody ${handlerScript('greet.sh', 'read line; echo "handler $$ got $line"')} greet`);
    const port = String(server.portOf('9100/tcp'));
    const first = (await runPeer('nc', ['-N', '127.0.0.1', port], { input: 'one\n' })).stdout.toString();
    const second = (await runPeer('nc', ['-N', '127.0.0.1', port], { input: 'two\n' })).stdout.toString();
    expect(first).toMatch(/^handler \d+ got one\n$/);
    expect(second).toMatch(/^handler \d+ got two\n$/);
    expect(first.split(' ')[1]).not.toBe(second.split(' ')[1]);
    await waitFor(() => events.filter((event) => event.kind === 'handler-exited').length === 2);
    expect(events.filter((event) => event.kind === 'handler-started').length).toBe(2);
  });

  it('instances: the connection beyond the limit is closed at once and logged', async () => {
    const server = await startWith('9100 stream tcp nowait nobody /bin/cat cat\nlimits 9100/tcp instances=2');
    const port = server.portOf('9100/tcp')!;
    await holdConnection(port);
    await holdConnection(port);
    const refused = await runPeer('nc', ['-N', '127.0.0.1', String(port)], { input: 'third\n' });
    expect(refused.stdout.length).toBe(0);
    expect(refusals('instances')).toHaveLength(1);
    expect(describeSuperserverEvent(refusals('instances')[0]!)).toContain('FAIL instances from=127.0.0.1');
  });

  it('per_source: a second connection from one address is refused, another address still gets in', async () => {
    const server = await startWith('9100 stream tcp nowait nobody /bin/cat cat\nlimits 9100/tcp instances=5 per_source=1');
    const port = server.portOf('9100/tcp')!;
    await holdConnection(port, '127.0.0.1');
    const refused = await runPeer('nc', ['-N', '-s', '127.0.0.1', '127.0.0.1', String(port)], { input: 'again\n' });
    expect(refused.stdout.length).toBe(0);
    const other = await runPeer('nc', ['-N', '-s', '127.0.0.2', '127.0.0.1', String(port)], { input: 'from .2\n' });
    expect(other.stdout.toString()).toBe('from .2\n');
    expect(refusals('per_source')).toHaveLength(1);
    expect(refusals('per_source')[0]).toMatchObject({ source: '127.0.0.1' });
  });

  it('only_from: a source outside the list is refused and logged, one inside is served', async () => {
    const server = await startWith('echo stream tcp nowait nobody internal\nlimits echo/tcp only_from=127.0.0.1/32');
    const port = String(server.portOf('echo/tcp'));
    expect((await runPeer('nc', ['-N', '-s', '127.0.0.3', '127.0.0.1', port], { input: 'outsider\n' })).stdout.length).toBe(0);
    expect((await runPeer('nc', ['-N', '-s', '127.0.0.1', '127.0.0.1', port], { input: 'insider\n' })).stdout.toString()).toBe('insider\n');
    expect(refusals('only_from')).toHaveLength(1);
    expect(refusals('only_from')[0]).toMatchObject({ source: '127.0.0.3' });
  });

  it('cps: too many connections in a second deactivate the service, which comes back by itself', async () => {
    const server = await startWith('echo stream tcp nowait nobody internal\nlimits echo/tcp cps=2,1');
    const port = String(server.portOf('echo/tcp'));
    for (let attempt = 0; attempt < 3; attempt += 1) await runPeer('nc', ['-N', '127.0.0.1', port], { input: 'x\n' });
    expect(refusals('rate')).toHaveLength(1);
    expect(events.some((event) => event.kind === 'deactivated')).toBe(true);
    // Deactivated: nobody listens on the port, so the kernel refuses the connection.
    const whileDeactivated = await runPeer('nc', ['-N', '127.0.0.1', port], { input: 'x\n' });
    expect(whileDeactivated.code).not.toBe(0);
    await waitFor(() => events.some((event) => event.kind === 'reactivated'), 5_000);
    expect((await runPeer('nc', ['-N', '127.0.0.1', port], { input: 'back\n' })).stdout.toString()).toBe('back\n');
  });

  it('wait: the listening socket goes to one server, which accepts by itself; the next is started only after it exits', async () => {
    // A real `wait` server: it accepts on its standard input (the listening socket) until it has
    // been idle for a moment, then exits.
    const waitServer = handlerScript(
      'wait-server.mjs',
      [
        "import { createServer } from 'node:net';",
        'let idle;',
        'const arm = () => { clearTimeout(idle); idle = setTimeout(() => server.close(() => process.exit(0)), 400); };',
        'const server = createServer({ allowHalfOpen: true }, (socket) => {',
        '  clearTimeout(idle);',
        "  socket.once('data', (data) => setTimeout(() => { socket.end(`${process.pid} ${String(data).trim()}\\n`); arm(); }, 300));",
        '});',
        'server.listen({ fd: 0 }, arm);',
      ].join('\n'),
      '',
    );
    const server = await startWith(`9100 stream tcp wait nobody ${process.execPath} node ${waitServer}`);
    const port = String(server.portOf('9100/tcp'));
    const [first, second] = await Promise.all([
      runPeer('nc', ['-N', '127.0.0.1', port], { input: 'a\n' }),
      runPeer('nc', ['-N', '127.0.0.1', port], { input: 'b\n' }),
    ]);
    const answers = [first.stdout.toString(), second.stdout.toString()].sort();
    const [firstPid] = answers[0]!.split(' ');
    // One server process accepted both connections itself.
    expect(answers).toEqual([`${firstPid} a\n`, `${firstPid} b\n`]);
    await waitFor(() => events.some((event) => event.kind === 'handler-exited'));
    const third = (await runPeer('nc', ['-N', '127.0.0.1', port], { input: 'c\n' })).stdout.toString();
    const [thirdPid] = third.split(' ');
    expect(third).toBe(`${thirdPid} c\n`);
    expect(thirdPid).not.toBe(firstPid);
    const started = events.filter((event) => event.kind === 'handler-started') as { running: number; source: string }[];
    expect(started.map((event) => [event.running, event.source])).toEqual([
      [1, 'listening socket'],
      [1, 'listening socket'],
    ]);
  });

  it('wait over udp: the bound socket goes to one server, which reads and answers the datagrams itself', async () => {
    const python = spawnSync('python3', ['--version']);
    if (python.status !== 0) throw new Error('this test needs python3 for its UDP wait server: apt-get install python3');
    // A wait-type UDP server in the inetd tradition: the socket is its standard input; it answers
    // datagrams until it has been idle for half a second.
    const waitServer = handlerScript(
      'udp-wait-server.py',
      [
        'import os, socket',
        'sock = socket.socket(fileno=0)',
        'sock.settimeout(0.5)',
        'try:',
        '    while True:',
        '        data, address = sock.recvfrom(512)',
        "        sock.sendto(b'%d %s' % (os.getpid(), data.strip()), address)",
        'except socket.timeout:',
        '    pass',
      ].join('\n'),
      '#!/usr/bin/env python3\n',
    );
    const server = await startWith(`9101 dgram udp wait nobody ${waitServer} udp-wait-server`);
    const port = server.portOf('9101/udp');
    const client = createSocket('udp4');
    const ask = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no UDP answer within 5 s')), 5_000);
        client.once('message', (message) => {
          clearTimeout(timer);
          resolve(message.toString());
        });
        client.send(text, port, '127.0.0.1');
      });
    try {
      const first = await ask('one');
      const [pid] = first.split(' ');
      expect(first).toBe(`${pid} one`);
      expect(await ask('two')).toBe(`${pid} two`);
      await waitFor(() => events.some((event) => event.kind === 'handler-exited'));
      const third = await ask('three');
      expect(third).toMatch(/^\d+ three$/);
      expect(third.split(' ')[0]).not.toBe(pid);
    } finally {
      client.close();
    }
  });

  it('reload: a new configuration takes effect without closing the services that stay', async () => {
    const server = await startWith('echo stream tcp nowait nobody internal');
    const echoPort = String(server.portOf('echo/tcp'));
    const held = await holdConnection(Number(echoPort));
    const { entries } = parseInetdConfiguration('echo stream tcp nowait nobody internal\nlimits echo/tcp instances=1\ndaytime stream tcp nowait nobody internal', '/');
    const summary = await server.reload(entries);
    expect(summary).toMatchObject({ added: ['daytime/tcp'], changed: ['echo/tcp'], removed: [] });
    expect(held.destroyed).toBe(false);
    // The held connection counts against the new limit of 1.
    expect((await runPeer('nc', ['-N', '127.0.0.1', echoPort], { input: 'x\n' })).stdout.length).toBe(0);
    expect(refusals('instances')).toHaveLength(1);
    expect((await runPeer('nc', ['-d', '127.0.0.1', String(server.portOf('daytime/tcp'))])).stdout.toString()).toMatch(/\r\n$/);
  });
});
