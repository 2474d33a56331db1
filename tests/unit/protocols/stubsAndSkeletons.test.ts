import { describe, expect, it } from 'vitest';
import { parseInterface } from '../../../main/protocols/oncRpc/interfaceLanguage.ts';
import { DuplicateRequestTable } from '../../../main/protocols/oncRpc/duplicateRequestTable.ts';
import { encodeCall, readReply } from '../../../main/protocols/oncRpc/oncRpcMessages.ts';
import { RpcRejectedError } from '../../../main/protocols/oncRpc/rpcErrors.ts';
import { generateServerSkeleton, type CallContext } from '../../../main/protocols/oncRpc/rpcSkeleton.ts';
import { generateClientStub, methodName, type RpcInvoker } from '../../../main/protocols/oncRpc/rpcStub.ts';
import { counterInterfaceText, type CounterService } from '../../../main/engines/clientsState/interfaces/counterInterface.ts';

const definition = parseInterface(counterInterfaceText);
const credential = { stamp: 9, machineName: 'test-client', uid: 1, gid: 1 };

function counterSkeleton(table?: DuplicateRequestTable) {
  const values = new Map<string, number>();
  const runs: string[] = [];
  const skeleton = generateServerSkeleton(
    definition,
    [
      {
        program: 'COUNTER',
        version: 1,
        implementation: {
          add(name: string, amount: number, call: CallContext) {
            runs.push(`${call.callerKey}/${call.xid}`);
            values.set(name, (values.get(name) ?? 0) + amount);
            return values.get(name);
          },
          get: (name: string) => ({ value: values.get(name) ?? 0, servedAtMs: 5, servedBy: 7 }),
        },
      },
    ],
    { duplicateTable: table },
  );
  return { skeleton, runs };
}

describe('a stub and a skeleton generated from counter.x', () => {
  it('make a remote call look like a local one, and each call carries a new request id', async () => {
    const { skeleton, runs } = counterSkeleton();
    const sent: number[] = [];
    const invoker: RpcInvoker = async (call) => {
      sent.push(call.xid);
      return (await skeleton.answer(call.message, undefined, 'test'))!;
    };
    const counter = generateClientStub<CounterService>(definition, 'COUNTER', 1, invoker, { credential, firstXid: 100 }).methods;
    expect(await counter.add('x', 1000)).toBe(1000);
    expect(await counter.add('x', 1000)).toBe(2000);
    expect(await counter.get('x')).toEqual({ value: 2000, servedAtMs: 5, servedBy: 7 });
    expect(sent).toEqual([100, 101, 102]);
    expect(runs).toEqual(['test-client/9/100', 'test-client/9/101']);
  });

  it('lay out every byte of a marshalled call, in order and without gaps', () => {
    const stub = generateClientStub<CounterService>(definition, 'COUNTER', 1, async () => Buffer.alloc(0), { credential, firstXid: 7 });
    const { message, layout } = stub.marshal('ADD', ['x', 1000]);
    let expectedOffset = 0;
    for (const field of layout) {
      expect(field.offset, field.field).toBe(expectedOffset);
      expectedOffset += field.length;
    }
    expect(expectedOffset).toBe(message.length);
    expect(layout[0]).toMatchObject({ field: 'xid (request id)', value: '7' });
    expect(layout.at(-1)).toMatchObject({ field: 'COUNTER.ADD.amount', type: 'hyper', value: '1000', length: 8 });
    expect(message.subarray(message.length - 8).readBigInt64BE()).toBe(1000n);
  });

  it('refuse wrong arguments before anything is sent', async () => {
    let sent = 0;
    const counter = generateClientStub<Record<string, (...values: unknown[]) => Promise<unknown>>>(definition, 'COUNTER', 1, async () => {
      sent += 1;
      return Buffer.alloc(0);
    }).methods;
    await expect(counter.add!('x')).rejects.toThrow('COUNTER.ADD takes 2 argument(s) (string<64> name, hyper amount), not 1');
    await expect(counter.add!('x', 'a thousand')).rejects.toThrow(/COUNTER.ADD.amount must be a hyper/);
    expect(sent).toBe(0);
    expect(methodName('READ_BLOCK')).toBe('readBlock');
  });

  it('answer a version, a procedure or a program the server does not run as ONC RPC says', async () => {
    const { skeleton } = counterSkeleton();
    const newer = parseInterface(counterInterfaceText.replace('} = 0x20000511;', '  version COUNTER_V3 { reading GET(string name<64>) = 2; } = 3;\n} = 0x20000511;'));
    const stub = generateClientStub<Pick<CounterService, 'get'>>(newer, 'COUNTER', 3, async (call) => (await skeleton.answer(call.message, undefined, 'test'))!);
    const mismatch = await stub.methods.get('x').catch((error: unknown) => error);
    expect(mismatch).toBeInstanceOf(RpcRejectedError);
    expect(mismatch).toMatchObject({ kind: 'programMismatch', versions: { lowest: 1, highest: 1 } });
    expect(readReply((await skeleton.answer(encodeCall(1, 0x20000511, 1, 9, Buffer.alloc(0)), undefined, 'test'))!, 1).kind).toBe('procedureUnavailable');
    expect(readReply((await skeleton.answer(encodeCall(2, 0x20000999, 1, 1, Buffer.alloc(0)), undefined, 'test'))!, 2).kind).toBe('programUnavailable');
    expect(readReply((await skeleton.answer(encodeCall(3, 0x20000511, 1, 1, Buffer.from([0, 0, 0, 9])), undefined, 'test'))!, 3).kind).toBe('garbageArguments');
    expect(readReply((await skeleton.answer(encodeCall(4, 0x20000511, 1, 0, Buffer.alloc(0)), undefined, 'test'))!, 4).kind).toBe('success');
  });

  it('run a retransmitted request once when the server keeps a duplicate table, twice when it does not', async () => {
    for (const table of [undefined, new DuplicateRequestTable({ lifetimeMs: 60_000 })]) {
      const { skeleton, runs } = counterSkeleton(table);
      const stub = generateClientStub<CounterService>(definition, 'COUNTER', 1, async () => Buffer.alloc(0), { credential, firstXid: 50 });
      const { message } = stub.marshal('ADD', ['x', 1000]);
      const first = await skeleton.answer(message, undefined, 'test');
      const again = await skeleton.answer(message, undefined, 'test');
      expect(runs).toHaveLength(table === undefined ? 2 : 1);
      if (table !== undefined) expect(again).toEqual(first);
    }
  });
});

describe('the duplicate request table', () => {
  it('forgets a reply after its lifetime, so a late retransmission runs again', () => {
    let now = 0;
    const table = new DuplicateRequestTable({ lifetimeMs: 100, nowMs: () => now });
    expect(table.begin('a')).toEqual({ state: 'new' });
    table.finish('a', Buffer.alloc(24));
    now = 99;
    expect(table.begin('a').state).toBe('done');
    expect(table.report()).toMatchObject({ entries: 1, bytes: 'a'.length + 24 + 8, answeredFromTable: 1 });
    now = 200;
    expect(table.begin('a')).toEqual({ state: 'new' });
    expect(table.report()).toMatchObject({ entries: 1, expired: 1 });
  });

  it('gives a copy that arrives while the first is running that first reply, and none if it failed', async () => {
    const table = new DuplicateRequestTable({ lifetimeMs: 1_000 });
    table.begin('a');
    const waiting = table.begin('a');
    expect(waiting.state).toBe('inProgress');
    table.finish('a', Buffer.from('reply'));
    expect(await (waiting as { reply: Promise<Buffer | undefined> }).reply).toEqual(Buffer.from('reply'));
    table.begin('b');
    const orphan = table.begin('b') as { reply: Promise<Buffer | undefined> };
    table.abandon('b');
    expect(await orphan.reply).toBeUndefined();
    expect(table.begin('b').state).toBe('new');
  });

  it('stays bounded under a flood of requests', () => {
    const table = new DuplicateRequestTable({ lifetimeMs: 60_000, maximumEntries: 10 });
    for (let request = 0; request < 1_000; request += 1) {
      table.begin(`r${request}`);
      table.finish(`r${request}`, Buffer.alloc(8));
    }
    expect(table.report().entries).toBe(10);
    expect(table.begin('r999').state).toBe('done');
    expect(table.begin('r0').state).toBe('new');
  });
});
