// Seeded, bounded fuzzing of browser mode's WebSocket: a few hundred calls with hostile
// arguments on a page's connection, and a few hundred random frames each on a connection of its
// own. None may end the server, hang a call or print a stack trace; each bad connection is
// closed with one line, and the server serves a well-behaved page afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { labApiMethods } from '../../../common/labApiMethods.ts';
import type { SocketMessage } from '../../../common/socketProtocol.ts';
import { startBrowserServer, type BrowserServer } from '../../../main/browser/browserServer.ts';
import { seededRandom } from '../../../main/runs/seededRandom.ts';
import { LabService } from '../../../main/service/labService.ts';
import { frame, openRawWebSocket } from './rawWebSocket.ts';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const hostileStrings = ['', 'server-architectures', 'superserver', 'no-such-lab', '__proto__', 'constructor', 'toString', '../../etc/passwd', '%00', '\u0000', 'x'.repeat(70_000), 'engine: superserver\nburst: {clients: 1e9}', '*a', '🙂', 'run-00000000'];
const hostileKeys = ['labId', 'runId', 'scenarioText', 'seed', 'watchId', 'questionId', 'markdown', 'format', 'student', '__proto__', 'constructor', 'length', 'then', 'toJSON'];

function hostileValue(random: Random, depth: number): unknown {
  const kind = Math.floor(random() * (depth > 3 ? 5 : 8));
  switch (kind) {
    case 0:
      return pick(random, hostileStrings);
    case 1:
      return pick(random, [0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER, 42]);
    case 2:
      return pick(random, [null, true, false]);
    case 3:
      return pick(random, hostileStrings).slice(0, Math.floor(random() * 40));
    case 4:
      return Math.floor(random() * 1000);
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => hostileValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let index = Math.floor(random() * 4); index > 0; index -= 1) object[pick(random, hostileKeys)] = hostileValue(random, depth + 1);
      return object;
    }
  }
}

/** A call that no good page sends, but whose frame is fine. Never one that could start a run. */
function hostileCall(random: Random, id: number): { id: number; method: string; args: unknown } {
  const method = random() < 0.85 ? pick(random, labApiMethods) : pick(random, ['__proto__', 'constructor', 'hasOwnProperty', 'call', '', 'LISTLABS']);
  const args = random() < 0.9 ? Array.from({ length: Math.floor(random() * 4) }, () => hostileValue(random, 0)) : hostileValue(random, 0);
  if (method === 'startRun' || method === 'importLabPack') {
    // Nothing that names a real lab: a fuzzed call must not start real servers.
    return { id, method, args: JSON.parse(JSON.stringify(args).replaceAll('server-architectures', 'no-such-lab').replaceAll('superserver', 'no-such-lab')) };
  }
  return { id, method, args };
}

/** A random frame: any opcode, reserved bits, mask or not, a payload of random bytes or near-JSON, lengths that lie. */
function randomFrames(random: Random): Buffer[] {
  const frames: Buffer[] = [];
  for (let count = 1 + Math.floor(random() * 3); count > 0; count -= 1) {
    const size = pick(random, [0, 1, 2, 5, 125, 126, 200, 65_536]);
    const payload = random() < 0.5 ? Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256))) : Buffer.from(JSON.stringify({ id: Math.floor(random() * 10), method: pick(random, labApiMethods), args: [hostileValue(random, 0)] }).slice(0, size || undefined));
    frames.push(
      frame({
        opcode: random() < 0.6 ? 0x1 : Math.floor(random() * 16),
        payload,
        fin: random() < 0.8,
        rsv: random() < 0.85 ? 0 : Math.floor(random() * 8),
        masked: random() < 0.9,
        ...(random() < 0.1 ? { announcedLength: Math.floor(random() * 2 ** 20) } : {}),
      }),
    );
  }
  return frames;
}

describe('browser mode under a seeded fuzz', () => {
  let directory: string;
  let service: LabService;
  let server: BrowserServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'proclab-fuzz-'));
    service = new LabService({ databasePath: join(directory, 'runs.sqlite'), face: 'browser' });
    server = await startBrowserServer({ service, port: 0, rendererRoot: directory, log: (line) => logLines.push(line) });
  });

  afterAll(async () => {
    await server.close();
    await service.close();
    rmSync(directory, { recursive: true, force: true });
  });

  function connect(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  it('answers 300 hostile calls each with a result, on a connection that stays open, and starts nothing', async () => {
    const random = seededRandom(2026);
    const socket = await connect();
    const answers = new Map<number, SocketMessage>();
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as SocketMessage;
      if (message.kind === 'result') answers.set(message.id, message);
    });
    for (let id = 1; id <= 300; id += 1) {
      socket.send(JSON.stringify(hostileCall(random, id)));
      // A few at a time, as a busy page would send them.
      if (id % 10 === 0) await expect.poll(() => answers.size, { timeout: 10_000 }).toBe(id);
    }
    expect(socket.readyState).toBe(WebSocket.OPEN);
    for (const answer of answers.values()) {
      if (answer.kind !== 'result') continue;
      const result = answer.result as { ok: boolean; error?: { code: unknown; message: unknown } };
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) {
        expect(typeof result.error?.code).toBe('string');
        expect(String(result.error?.message)).not.toMatch(/^\s+at |\n\s+at /m);
      }
    }
    socket.close();
    const runs = await service.listRuns();
    expect(runs.ok && runs.value).toEqual([]);
  });

  it('survives 200 random frames, each bad connection closed with one line and no stack trace', async () => {
    const random = seededRandom(1717);
    const before = logLines.length;
    let closedByServer = 0;
    for (let round = 0; round < 200; round += 1) {
      const connection = await openRawWebSocket(server);
      for (const bytes of randomFrames(random)) connection.socket.write(bytes);
      const outcome = await Promise.race([connection.closed, new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 100))]);
      if (outcome !== 'open') closedByServer += 1;
      connection.socket.destroy();
    }
    // Most random frames break the protocol; a few are calls or wait for bytes that never come.
    expect(closedByServer).toBeGreaterThan(100);
    const lines = logLines.slice(before);
    for (const line of lines) expect(line).toMatch(/^proclab: closed a browser connection \(\S+\): [^\n]+$/);
    expect(lines.join('\n')).not.toMatch(/^\s+at /m);
    // And a well-behaved page is served as before.
    const page = await connect();
    const answered = new Promise<SocketMessage>((resolve) => page.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as SocketMessage)));
    page.send(JSON.stringify({ id: 1, method: 'listLabs', args: [] }));
    expect(await answered).toMatchObject({ kind: 'result', id: 1, result: { ok: true } });
    page.close();
  });
});
