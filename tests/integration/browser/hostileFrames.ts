// Frames and messages a broken or hostile page could send to browser mode, each with the close
// code the server must answer it with. None of them may end the server.
import { maxSocketMessageBytes, socketCloseCodes } from '../../../common/socketProtocol.ts';
import { frame, opcodes } from './rawWebSocket.ts';

export interface HostileFrame {
  name: string;
  bytes: () => Buffer | Buffer[];
  closeCode: number;
}

const text = (value: string | Buffer, parts: Partial<Parameters<typeof frame>[0]> = {}): Buffer =>
  frame({ opcode: opcodes.text, payload: typeof value === 'string' ? Buffer.from(value) : value, ...parts });

export const hostileFrames: HostileFrame[] = [
  { name: 'a text message one byte over the limit', bytes: () => text('x'.repeat(maxSocketMessageBytes + 1)), closeCode: socketCloseCodes.messageTooBig },
  { name: 'a call one byte over the limit', bytes: () => text(JSON.stringify({ id: 1, method: 'validateScenario', args: ['server-architectures', 'x'.repeat(maxSocketMessageBytes)] })), closeCode: socketCloseCodes.messageTooBig },
  { name: 'a header announcing 1 TiB', bytes: () => text(Buffer.alloc(0), { announcedLength: 2 ** 40 }), closeCode: socketCloseCodes.messageTooBig },
  {
    name: 'fragments that add up to more than the limit',
    bytes: () => {
      const piece = Buffer.alloc(maxSocketMessageBytes / 2, 0x61);
      return [text(piece, { fin: false }), frame({ opcode: opcodes.continuation, payload: piece, fin: false }), frame({ opcode: opcodes.continuation, payload: piece })];
    },
    closeCode: socketCloseCodes.messageTooBig,
  },
  { name: 'binary data', bytes: () => frame({ opcode: opcodes.binary, payload: Buffer.from([1, 2, 3]) }), closeCode: socketCloseCodes.unsupportedData },
  { name: 'text that is not UTF-8', bytes: () => text(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), closeCode: socketCloseCodes.invalidPayload },
  { name: 'text that is not JSON', bytes: () => text('{"id": 1, "method": '), closeCode: socketCloseCodes.invalidPayload },
  { name: 'JSON null', bytes: () => text('null'), closeCode: socketCloseCodes.policyViolation },
  { name: 'a JSON string', bytes: () => text('"listLabs"'), closeCode: socketCloseCodes.policyViolation },
  { name: 'a call without an id', bytes: () => text('{"method":"listLabs","args":[]}'), closeCode: socketCloseCodes.policyViolation },
  { name: 'a call whose id is not a safe integer', bytes: () => text('{"id":1e300,"method":"listLabs","args":[]}'), closeCode: socketCloseCodes.policyViolation },
  { name: 'JSON nested half a million deep', bytes: () => text(`${'['.repeat(500_000)}${']'.repeat(500_000)}`), closeCode: socketCloseCodes.policyViolation },
  { name: 'a reserved opcode', bytes: () => frame({ opcode: 0x3, payload: Buffer.from('x') }), closeCode: 1002 },
  { name: 'a reserved bit without an extension', bytes: () => text('{}', { rsv: 4 }), closeCode: 1002 },
  { name: 'an unmasked client frame', bytes: () => text('{"id":1,"method":"listLabs","args":[]}', { masked: false }), closeCode: 1002 },
  { name: 'a ping longer than a control frame may be', bytes: () => frame({ opcode: opcodes.ping, payload: Buffer.alloc(126) }), closeCode: 1002 },
  { name: 'a continuation with nothing to continue', bytes: () => frame({ opcode: opcodes.continuation, payload: Buffer.from('x') }), closeCode: 1002 },
  { name: 'a close frame with a forbidden code', bytes: () => frame({ opcode: opcodes.close, payload: Buffer.from([0x03, 0xe7]) }), closeCode: 1002 },
];

/** Calls that are well-formed frames but hostile arguments: each gets an error value, and the connection stays. */
export const hostileCalls: unknown[] = [
  { id: 1, method: '__proto__', args: [] },
  { id: 2, method: 'constructor', args: [] },
  { id: 3, method: 'getRun', args: { length: 1e9 } },
  { id: 4, method: 'getRun', args: [{ toString: 'x' }] },
  { id: 5, method: 'startRun', args: [{ labId: 'server-architectures', scenarioText: 'x'.repeat(900 * 1024) }] },
  { id: 6, method: 'unwatchRun', args: [{ $ne: null }] },
  { id: 7, method: 'watchRun', args: ['../../etc/passwd'] },
  { id: 8, method: 'listRuns', args: [{ limit: -1, __proto__: { admin: true } }] },
  { id: 9, method: 'exportReport', args: ['00000000-0000-4000-8000-000000000000', 'klingon'] },
  { id: 10, method: 'validateScenario', args: ['server-architectures', 42] },
  { id: 11, method: 'exportHandinReport', args: ['server-architectures', 'all'] },
  { id: 12, method: 'exportHandinReport', args: ['server-architectures', { length: 1e9 }] },
  { id: 13, method: 'exportHandinReport', args: ['server-architectures', Array.from({ length: 10_000 }, () => '00000000-0000-4000-8000-000000000000')] },
  { id: 14, method: 'exportHandinReport', args: ['../../etc', ['00000000-0000-4000-8000-000000000000']] },
  { id: 15, method: 'exportHandinReport', args: ['server-architectures', ['00000000-0000-4000-8000-000000000000'], 'klingon'] },
];
