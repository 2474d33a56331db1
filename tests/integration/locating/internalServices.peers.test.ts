import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInetdConfiguration } from '../../../main/engines/superserver/inetdConfiguration.ts';
import { Superserver } from '../../../main/engines/superserver/superserver.ts';
import { chargenLine, secondsFrom1900To1970 } from '../../../main/engines/superserver/internalServices.ts';
import { runPeer } from './peerCommand.ts';

// Offset 17000 keeps the well-known ports (echo 7 → 17007) away from root and from other tests.
const portOffset = 17_000;
const host = '127.0.0.1';
const configuration = ['echo', 'discard', 'chargen', 'qotd', 'daytime', 'time']
  .flatMap((name) => [`${name} stream tcp nowait nobody internal`, `${name} dgram udp wait nobody internal`])
  .join('\n');

let superserver: Superserver;
const port = (name: string) => String(superserver.portOf(`${name}/tcp`));

function sendDatagram(portNumber: number, payload: Buffer): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, 1_000);
    socket.once('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(message);
    });
    socket.send(payload, portNumber, host);
  });
}

beforeAll(async () => {
  const { entries, problems } = parseInetdConfiguration(configuration, '/');
  expect(problems).toEqual([]);
  superserver = new Superserver({ portOffset });
  await superserver.start(entries);
});

afterAll(async () => {
  await superserver?.stop();
});

describe('internal services against real clients (nc, socat, rdate)', () => {
  it('echo returns what was sent, over TCP (nc, socat) and UDP (nc, socat)', async () => {
    const text = 'hello, proclab\nsecond line\n';
    expect((await runPeer('nc', ['-N', host, port('echo')], { input: text })).stdout.toString()).toBe(text);
    expect((await runPeer('socat', ['-t', '2', '-', `TCP:${host}:${port('echo')}`], { input: text })).stdout.toString()).toBe(text);
    expect((await runPeer('nc', ['-u', '-w', '1', host, port('echo')], { input: 'one datagram\n' })).stdout.toString()).toBe('one datagram\n');
    expect((await runPeer('socat', ['-T', '1', '-', `UDP:${host}:${port('echo')}`], { input: 'another datagram\n' })).stdout.toString()).toBe('another datagram\n');
  });

  it('discard never replies, over TCP and UDP', async () => {
    const tcp = await runPeer('nc', ['-N', host, port('discard')], { input: 'x'.repeat(100_000) });
    expect(tcp.code).toBe(0);
    expect(tcp.stdout.length).toBe(0);
    const udp = await runPeer('socat', ['-T', '1', '-', `UDP:${host}:${port('discard')}`], { input: 'ignored\n' });
    expect(udp.stdout.length).toBe(0);
  });

  it('daytime is one CRLF-terminated line, over TCP (nc -d) and UDP (socat)', async () => {
    for (const result of [
      await runPeer('nc', ['-d', host, port('daytime')]),
      await runPeer('socat', ['-T', '1', '-', `UDP:${host}:${port('daytime')}`], { input: '\n' }),
    ]) {
      const text = result.stdout.toString('latin1');
      expect(text).toMatch(/^[^\r\n]+\r\n$/);
      expect(text).toMatch(/^\w+day, \w+ \d{1,2}, \d{4} \d\d:\d\d:\d\d-UTC\r\n$/);
    }
  });

  it('time is exactly 4 bytes, big-endian seconds since 1900 within ±2 s, over TCP and UDP', async () => {
    const tcp = (await runPeer('nc', ['-d', host, port('time')])).stdout;
    expect(tcp.length).toBe(4);
    expect(Math.abs(tcp.readUInt32BE(0) - secondsFrom1900To1970 - Date.now() / 1000)).toBeLessThanOrEqual(2);
    // RFC 868 over UDP: the request is an empty datagram.
    const udp = await sendDatagram(superserver.portOf('time/udp')!, Buffer.alloc(0));
    expect(udp?.length).toBe(4);
    expect(Math.abs(udp!.readUInt32BE(0) - secondsFrom1900To1970 - Date.now() / 1000)).toBeLessThanOrEqual(2);
  });

  it('rdate reads the time over TCP and over UDP (-u), within ±2 s', async () => {
    for (const args of [['-p', '-o', port('time'), host], ['-p', '-u', '-o', port('time'), host]]) {
      const result = await runPeer('rdate', args);
      expect(result.code, result.stderr).toBe(0);
      const printed = Date.parse(result.stdout.toString().trim().replace(/^rdate: \[[^\]]*\]\s*/, ''));
      expect(Math.abs(printed - Date.now())).toBeLessThanOrEqual(2_000);
    }
  });

  it('chargen streams rotating 72-character lines over TCP and answers at most 512 bytes over UDP', async () => {
    const tcp = await runPeer('nc', ['-d', host, port('chargen')], { stopAfterBytes: 74 * 200 });
    const lines = tcp.stdout.toString('latin1').split('\r\n').slice(0, 190);
    expect(lines.length).toBe(190);
    lines.forEach((line, index) => expect(`${line}\r\n`).toBe(chargenLine(index)));
    expect(lines[0]!.length).toBe(72);
    expect(lines[1]![0]).toBe(lines[0]![1]);
    const udp = await runPeer('socat', ['-T', '1', '-', `UDP:${host}:${port('chargen')}`], { input: 'x' });
    expect(udp.stdout.length).toBeGreaterThan(0);
    expect(udp.stdout.length).toBeLessThanOrEqual(512);
  });

  it('qotd is printable ASCII under 512 characters, over TCP and UDP', async () => {
    for (const result of [await runPeer('nc', ['-d', host, port('qotd')]), await runPeer('socat', ['-T', '1', '-', `UDP:${host}:${port('qotd')}`], { input: '\n' })]) {
      const text = result.stdout.toString('latin1');
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThan(512);
      expect(text).toMatch(/^[\x20-\x7e\r\n]+$/);
    }
  });
});
