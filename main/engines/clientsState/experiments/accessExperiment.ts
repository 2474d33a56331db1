// Access transparency: the same client code runs against a local counter object and against the
// counter server through the stub generated from counter.x. It gets the same answers; what
// differs is the cost. The bytes of one marshalled call are laid out field by field, and a stub of
// a version the server does not run shows what versioning in the call header buys.
import type { EngineContext } from '../../engine.ts';
import { latencySummary } from '../../../measure/latencySummary.ts';
import { parseInterface } from '../../../protocols/oncRpc/interfaceLanguage.ts';
import { RpcRejectedError } from '../../../protocols/oncRpc/rpcErrors.ts';
import { generateClientStub } from '../../../protocols/oncRpc/rpcStub.ts';
import { recordMark } from '../../../protocols/oncRpc/oncRpcMessages.ts';
import { counterInterfaceText, type CounterService, type Reading } from '../interfaces/counterInterface.ts';
import { ServerProcess } from '../serverProcess.ts';
import { clientsStateEntryModules } from '../clientsStateEntryModules.ts';
import type { RunGuard } from '../runGuard.ts';
import { counterInterface, loopbackHost, openChannel, roundTo } from './experimentTools.ts';

export interface AccessRow {
  target: 'local' | 'remote';
  calls: number;
  p50Us: number;
  p99Us: number;
  /** What get() said at the end: the same for both, or access is not transparent. */
  finalValue: number;
}

export interface MarshalledField {
  offset: number;
  length: number;
  field: string;
  type: string;
  value: string;
  hex: string;
}

export interface AccessResult {
  access: AccessRow[];
  marshalledCall: { call: string; bytes: number; recordMarkHex: string; layout: MarshalledField[]; replyBytes: number; replyHex: string };
  versionMismatch: { clientVersion: number; serverLowest: number; serverHighest: number };
}

/** The counter as an ordinary object in the client's own process. */
class LocalCounter implements CounterService {
  private readonly values = new Map<string, number>();

  async add(name: string, amount: number): Promise<number> {
    const value = (this.values.get(name) ?? 0) + amount;
    this.values.set(name, value);
    return value;
  }

  async get(name: string): Promise<Reading> {
    return { value: this.values.get(name) ?? 0, servedAtMs: Date.now(), servedBy: process.pid };
  }
}

/** The client code: it knows a CounterService, not where it is. */
async function countVisits(counter: CounterService, calls: number, signal: AbortSignal): Promise<{ latenciesUs: number[]; finalValue: number }> {
  const latenciesUs: number[] = [];
  for (let call = 0; call < calls && !signal.aborted; call += 1) {
    const startedAt = performance.now();
    await counter.add('visits', 1);
    latenciesUs.push((performance.now() - startedAt) * 1000);
  }
  return { latenciesUs, finalValue: (await counter.get('visits')).value };
}

const hexOf = (bytes: Buffer): string => bytes.toString('hex').replace(/(.{8})(?=.)/g, '$1 ');

/** counter.x with a second version the server does not run: what a newer client would send. */
const secondVersionText = counterInterfaceText.replace(/\} = 0x20000511;/, '  version COUNTER_V2 {\n    reading GET(string name<64>) = 2;\n  } = 2;\n} = 0x20000511;');

export async function runAccess(context: EngineContext, guard: RunGuard, calls: number): Promise<AccessResult> {
  const server = await ServerProcess.start(context, guard, 'counter server (access)', clientsStateEntryModules.counterServer, { host: loopbackHost, port: 0 });
  const channel = openChannel(context, { host: loopbackHost, port: server.port });
  let lastReply: Buffer = Buffer.alloc(0);
  const stub = generateClientStub<CounterService>(
    counterInterface(),
    'COUNTER',
    1,
    async (call) => {
      lastReply = await channel.send(call, 2_000, guard.signal);
      return lastReply;
    },
    { credential: { stamp: 3, machineName: 'proclab-client', uid: 1000, gid: 1000 } },
  );
  const rows: AccessRow[] = [];
  for (const [target, counter] of [['local', new LocalCounter()], ['remote', stub.methods]] as const) {
    const { latenciesUs, finalValue } = await countVisits(counter, calls, guard.signal);
    guard.check();
    const summary = latencySummary(latenciesUs);
    rows.push({ target, calls: latenciesUs.length, p50Us: roundTo(summary.p50, 2), p99Us: roundTo(summary.p99, 2), finalValue });
  }
  const marshalled = stub.marshal('ADD', ['x', 1000]);
  await stub.methods.add('x', 1000);
  const mismatchStub = generateClientStub<Pick<CounterService, 'get'>>(parseInterface(secondVersionText), 'COUNTER', 2, (call) => channel.send(call, 2_000, guard.signal));
  let versions = { lowest: 0, highest: 0 };
  try {
    await mismatchStub.methods.get('x');
  } catch (error) {
    if (error instanceof RpcRejectedError && error.versions !== undefined) versions = error.versions;
    else throw error;
  }
  channel.close();
  await server.leave();
  return {
    access: rows,
    marshalledCall: {
      call: 'add("x", 1000)',
      bytes: marshalled.message.length,
      recordMarkHex: hexOf(recordMark(marshalled.message).subarray(0, 4)),
      layout: marshalled.layout.map((field) => ({ ...field, hex: hexOf(marshalled.message.subarray(field.offset, field.offset + field.length)) })),
      replyBytes: lastReply.length,
      replyHex: hexOf(lastReply),
    },
    versionMismatch: { clientVersion: 2, serverLowest: versions.lowest, serverHighest: versions.highest },
  };
}
