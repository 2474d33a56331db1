// The stub generated from counter.x against a hand-written request/response of the same bytes
// over the same kind of link (one TCP connection on 127.0.0.1, one call at a time). The stub
// side marshals add("x", 1000) with a fresh xid, the skeleton unmarshals it, runs ADD, marshals
// the reply, and the stub unmarshals it; the hand-written side writes the same call bytes it
// built once and answers with the same reply bytes it built once (only the xid copied), so the
// difference is what generated marshalling, dispatch and checking cost. Interleaved rounds,
// medians. Bar: the stub's round trip is at most 2× the hand-written one.
// Run: npx node tests/bench/stubVsHandWritten.ts [rounds]
import { createServer, connect, type Server, type Socket } from 'node:net';
import { parseInterface } from '../../main/protocols/oncRpc/interfaceLanguage.ts';
import { recordMark, RecordDecoder, acceptedReply, acceptStatus } from '../../main/protocols/oncRpc/oncRpcMessages.ts';
import { RpcChannel } from '../../main/protocols/oncRpc/rpcChannel.ts';
import { generateServerSkeleton } from '../../main/protocols/oncRpc/rpcSkeleton.ts';
import { generateClientStub } from '../../main/protocols/oncRpc/rpcStub.ts';
import { RpcTcpServer, type RpcServerConnection } from '../../main/protocols/oncRpc/rpcTcpServer.ts';
import { XdrWriter } from '../../main/protocols/oncRpc/xdr.ts';
import { counterInterfaceText, type CounterService } from '../../main/engines/clientsState/interfaces/counterInterface.ts';

const rounds = Math.min(10, Math.max(1, Number(process.argv[2] ?? 5)));
const callsPerRound = 4_000;
const bar = 2;
const definition = parseInterface(counterInterfaceText);
const credential = { stamp: 1, machineName: 'bench', uid: 1000, gid: 1000 };

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function stubRound(port: number): Promise<number> {
  const channel = new RpcChannel({ host: '127.0.0.1', port });
  const stub = generateClientStub<CounterService>(definition, 'COUNTER', 1, (call) => channel.send(call, 5_000), { credential });
  await stub.methods.add('x', 1000);
  const latencies: number[] = [];
  for (let call = 0; call < callsPerRound; call += 1) {
    const startedAt = performance.now();
    await stub.methods.add('x', 1000);
    latencies.push(performance.now() - startedAt);
  }
  channel.close();
  return median(latencies);
}

/** The same call and reply bytes, built once; each exchange only copies the xid into the reply. */
function handWrittenServer(reply: Buffer): Promise<Server> {
  const server = createServer({ noDelay: true }, (socket) => {
    const decoder = new RecordDecoder(1 << 20);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      for (const message of decoder.push(chunk)) {
        const answer = Buffer.from(reply);
        message.copy(answer, 4, 0, 4); // the xid, after the record mark
        socket.write(answer);
      }
    });
  });
  return new Promise((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, () => resolve(server)));
}

async function handWrittenRound(port: number, call: Buffer): Promise<number> {
  const socket: Socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const decoder = new RecordDecoder(1 << 20);
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    for (const _message of decoder.push(chunk)) waiting?.();
  });
  const exchange = (): Promise<void> =>
    new Promise((resolve) => {
      waiting = resolve;
      socket.write(call);
    });
  await exchange();
  const latencies: number[] = [];
  for (let index = 0; index < callsPerRound; index += 1) {
    const startedAt = performance.now();
    await exchange();
    latencies.push(performance.now() - startedAt);
  }
  socket.destroy();
  return median(latencies);
}

const values = new Map<string, number>();
const skeleton = generateServerSkeleton<RpcServerConnection>(definition, [
  {
    program: 'COUNTER',
    version: 1,
    implementation: {
      add(name: string, amount: number) {
        const value = (values.get(name) ?? 0) + amount;
        values.set(name, value);
        return value;
      },
      get(name: string) {
        return { value: values.get(name) ?? 0, servedAtMs: Date.now(), servedBy: process.pid };
      },
    },
  },
]);
const rpcServer = new RpcTcpServer({ host: '127.0.0.1', port: 0, skeleton });
const rpcPort = await rpcServer.start();

// The exact bytes the stub sends and the skeleton answers, for the hand-written side.
const sample = generateClientStub<CounterService>(definition, 'COUNTER', 1, async () => Buffer.alloc(0), { credential }).marshal('ADD', ['x', 1000]);
const callBytes = recordMark(sample.message);
const replyBody = new XdrWriter().writeHyper(1000);
const replyBytes = recordMark(acceptedReply(sample.xid, acceptStatus.success, replyBody.toBuffer()));
const handServer = await handWrittenServer(replyBytes);
const handPort = (handServer.address() as { port: number }).port;

console.log(`add("x", 1000): ${sample.message.length}-byte call, ${replyBytes.length - 4}-byte reply, ${callsPerRound} sequential calls per round, ${rounds} interleaved rounds`);
const ratios: number[] = [];
for (let round = 1; round <= rounds; round += 1) {
  const hand = await handWrittenRound(handPort, callBytes);
  const stub = await stubRound(rpcPort);
  ratios.push(stub / hand);
  console.log(`round ${round}: hand-written p50 ${(hand * 1000).toFixed(1)} µs, generated stub p50 ${(stub * 1000).toFixed(1)} µs, ratio ${(stub / hand).toFixed(2)}`);
}
await rpcServer.stop();
await new Promise<void>((resolve) => handServer.close(() => resolve()));
const ratio = median(ratios);
console.log(`median ratio stub/hand-written: ${ratio.toFixed(2)} (bar: <= ${bar}) ${ratio <= bar ? 'PASS' : 'FAIL'}`);
process.exitCode = ratio <= bar ? 0 : 1;
