// A WebSocket client that writes whatever bytes a test asks for: the upgrade is a real RFC 6455
// handshake over TCP, and after it frames are built by hand, so a test can send what no
// well-behaved client library would (reserved opcodes, unmasked frames, lying lengths).
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface FrameParts {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  /** The three reserved bits, as a number 0–7. */
  rsv?: number;
  /** Client frames must be masked; false sends one that is not. */
  masked?: boolean;
  /** A length to announce instead of the payload's own. */
  announcedLength?: number;
}

export const opcodes = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9 } as const;

export function frame(parts: FrameParts): Buffer {
  const payload = parts.payload ?? Buffer.alloc(0);
  const length = parts.announcedLength ?? payload.length;
  const masked = parts.masked ?? true;
  const first = ((parts.fin ?? true) ? 0x80 : 0) | ((parts.rsv ?? 0) << 4) | parts.opcode;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([first, (masked ? 0x80 : 0) | length]);
  } else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let index = 0; index < body.length; index += 1) body[index]! ^= mask[index % 4]!;
  return Buffer.concat([header, mask, body]);
}

export interface RawConnection {
  socket: Socket;
  /** The close code of the server's close frame, or 'ended' when the connection ended without one. */
  closed: Promise<number | 'ended'>;
  /** Text messages received so far. */
  messages: string[];
}

/** Opens a WebSocket to `ws://127.0.0.1:port/api` with a good Origin, and hands over the bare TCP socket. */
export function openRawWebSocket(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const key = randomBytes(16).toString('base64');
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    const messages: string[] = [];
    let settleClosed: (value: number | 'ended') => void = () => undefined;
    const closed = new Promise<number | 'ended'>((done) => (settleClosed = done));
    socket.on('error', () => settleClosed('ended'));
    socket.on('close', () => settleClosed('ended'));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString();
        buffered = buffered.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          reject(new Error(`the upgrade was refused: ${head.split('\r\n')[0]}`));
          socket.destroy();
          return;
        }
        upgraded = true;
        resolve({ socket, closed, messages });
      }
      // Server frames are unmasked; read whole ones.
      while (buffered.length >= 2) {
        const opcode = buffered[0]! & 0x0f;
        let length = buffered[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffered.length < 4) return;
          length = buffered.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffered.length < 10) return;
          length = Number(buffered.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffered.length < offset + length) return;
        const payload = buffered.subarray(offset, offset + length);
        buffered = buffered.subarray(offset + length);
        if (opcode === opcodes.text) messages.push(payload.toString());
        if (opcode === opcodes.close) {
          settleClosed(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
          socket.destroy();
          return;
        }
      }
    });
    socket.once('connect', () => {
      socket.write(
        [
          'GET /api HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          `Origin: http://127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${key}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
  });
}

/** Sends `bytes` on a fresh connection and answers the server's close code. */
export async function closeCodeFor(port: number, bytes: Buffer | Buffer[]): Promise<number | 'ended'> {
  const connection = await openRawWebSocket(port);
  for (const chunk of Array.isArray(bytes) ? bytes : [bytes]) connection.socket.write(chunk);
  return connection.closed;
}
