// A small DNS server (RFC 1035, UDP) for one name: it answers A queries for that name with every
// application server's address, rotated by one on each answer (round-robin DNS), with a TTL.
// It knows nothing of the servers' health: a dead server stays in the answers. Node's resolver
// (and dig) query it like any DNS server.
import { createSocket, type Socket } from 'node:dgram';

const typeA = 1;
const classIn = 1;

export interface NameServer {
  port: number;
  queries(): number;
  close(): Promise<void>;
}

/** The question's name (labels joined by dots) and where the question ends, or undefined if malformed. */
export function readQuestion(message: Buffer): { name: string; type: number; end: number } | undefined {
  if (message.length < 17) return undefined;
  const labels: string[] = [];
  let offset = 12;
  while (offset < message.length) {
    const length = message[offset]!;
    if (length === 0) break;
    // Compression pointers and over-long labels do not belong in a question we accept.
    if (length > 63 || offset + 1 + length > message.length) return undefined;
    labels.push(message.toString('latin1', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  if (offset + 5 > message.length) return undefined;
  const type = message.readUInt16BE(offset + 1);
  return { name: labels.join('.').toLowerCase(), type, end: offset + 5 };
}

/** The answer to `query`: the addresses as A records for `name`, NXDOMAIN for any other name. */
export function answerQuery(query: Buffer, name: string, addresses: readonly string[], ttlSeconds: number): Buffer | undefined {
  const question = readQuestion(query);
  if (question === undefined) return undefined;
  const ours = question.name === name.toLowerCase();
  const records = ours && question.type === typeA ? addresses : [];
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  // QR=1, opcode 0, AA=1, RD copied, RA=1; RCODE 3 (NXDOMAIN) for a name we do not hold.
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | (ours ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const answers = records.map((address) => {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc00c, 0);
    record.writeUInt16BE(typeA, 2);
    record.writeUInt16BE(classIn, 4);
    record.writeUInt32BE(ttlSeconds, 6);
    record.writeUInt16BE(4, 10);
    address.split('.').forEach((part, index) => record.writeUInt8(Number(part), 12 + index));
    return record;
  });
  return Buffer.concat([header, query.subarray(12, question.end), ...answers]);
}

export function startNameServer(host: string, name: string, addresses: readonly string[], ttlSeconds: number): Promise<NameServer> {
  const socket: Socket = createSocket('udp4');
  let rotation = 0;
  let answered = 0;
  socket.on('message', (query, peer) => {
    const rotated = addresses.map((_, index) => addresses[(index + rotation) % addresses.length]!);
    const answer = answerQuery(query, name, rotated, ttlSeconds);
    if (answer === undefined) return;
    rotation += 1;
    answered += 1;
    socket.send(answer, peer.port, peer.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: host, port: 0, exclusive: true }, () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve({
        port: socket.address().port,
        queries: () => answered,
        close: () => new Promise((done) => socket.close(() => done())),
      });
    });
  });
}
