import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { encodeCall, parseReply, RecordDecoder, recordMark } from './oncRpcMessages.ts';
import { portmapProgram, portmapVersion, type Mapping } from './portmapRegistry.ts';
import { XdrWriter, type XdrReader } from './xdr.ts';

export interface PortmapAddress {
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  /** Per attempt; UDP retransmits up to three times, as ONC RPC clients do. */
  timeoutMs?: number;
}

let nextXid = (Math.random() * 0x7fffffff) >>> 0;

function callOverUdp(address: PortmapAddress, xid: number, message: Buffer): Promise<Buffer> {
  const timeoutMs = address.timeoutMs ?? 500;
  return new Promise((resolve, reject) => {
    const socket = createSocket(address.host.includes(':') ? 'udp6' : 'udp4');
    let attempts = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error: Error | undefined, reply?: Buffer) => {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(reply!);
    };
    const send = () => {
      attempts += 1;
      if (attempts > 3) return finish(new Error(`no answer from the port mapper at ${address.host}:${address.port}/udp after 3 tries`));
      socket.send(message, address.port, address.host);
      timer = setTimeout(send, timeoutMs);
    };
    socket.on('error', (error) => finish(error));
    socket.on('message', (reply) => {
      if (reply.length >= 4 && reply.readUInt32BE(0) === xid) finish(undefined, reply);
    });
    send();
  });
}

function callOverTcp(address: PortmapAddress, message: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address.host, port: address.port });
    const decoder = new RecordDecoder(1024 * 1024);
    socket.setTimeout(address.timeoutMs ?? 2_000, () => socket.destroy(new Error(`no answer from the port mapper at ${address.host}:${address.port}/tcp`)));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      const [record] = decoder.push(chunk);
      if (record !== undefined) {
        socket.destroy();
        resolve(record);
      }
    });
    socket.write(recordMark(message));
  });
}

async function call(address: PortmapAddress, procedure: number, argumentsBytes: Buffer): Promise<XdrReader> {
  nextXid = (nextXid + 1) >>> 0;
  const xid = nextXid;
  const message = encodeCall(xid, portmapProgram, portmapVersion, procedure, argumentsBytes);
  const reply = address.transport === 'udp' ? await callOverUdp(address, xid, message) : await callOverTcp(address, message);
  return parseReply(reply, xid);
}

function mappingBytes(mapping: Mapping): Buffer {
  return new XdrWriter().writeUnsigned(mapping.program).writeUnsigned(mapping.version).writeUnsigned(mapping.protocol).writeUnsigned(mapping.port).toBuffer();
}

/** The client side of the port mapper: what a server calls to register, and a client to look up. */
export const portmapClient = {
  async ping(address: PortmapAddress): Promise<void> {
    await call(address, 0, Buffer.alloc(0));
  },
  async set(address: PortmapAddress, mapping: Mapping): Promise<boolean> {
    return (await call(address, 1, mappingBytes(mapping))).readUnsigned() === 1;
  },
  async unset(address: PortmapAddress, program: number, version: number): Promise<boolean> {
    return (await call(address, 2, mappingBytes({ program, version, protocol: 0, port: 0 }))).readUnsigned() === 1;
  },
  async getPort(address: PortmapAddress, query: Omit<Mapping, 'port'>): Promise<number> {
    return (await call(address, 3, mappingBytes({ ...query, port: 0 }))).readUnsigned();
  },
  async dump(address: PortmapAddress): Promise<Mapping[]> {
    const reader = await call(address, 4, Buffer.alloc(0));
    const mappings: Mapping[] = [];
    // Bounded by the reply's length: every entry is 20 bytes.
    while (reader.readUnsigned() === 1) mappings.push({ program: reader.readUnsigned(), version: reader.readUnsigned(), protocol: reader.readUnsigned(), port: reader.readUnsigned() });
    return mappings;
  },
};
