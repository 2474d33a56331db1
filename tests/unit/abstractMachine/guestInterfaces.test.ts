import { describe, expect, it } from 'vitest';
import { consoleLineProgram, consoleLineText, interfaceLevels, measureInterfaces, runConsoleLines } from '../../../main/abstractMachine/guestInterfaces.ts';
import { createGuestState } from '../../../main/abstractMachine/guestMachine.ts';
import { GuestTranslator } from '../../../main/abstractMachine/guestTranslator.ts';

function collectingConsole() {
  const transfers: string[] = [];
  return { transfers, device: { transfer: (bytes: Uint8Array) => void transfers.push(new TextDecoder().decode(bytes)) } };
}

describe('one console line through the four interfaces', () => {
  it('crosses each interface where the guest program, its library, its kernel and the device meet it', () => {
    const { transfers, device } = collectingConsole();
    const pass = runConsoleLines(7, device, undefined);
    expect(pass.halted).toBe(true);
    expect(transfers).toEqual(Array.from({ length: 7 }, () => consoleLineText));
    const counts = interfaceLevels.map((level) => pass.tallies[level].count);
    // One puts per line, one write system call per puts, four privileged instructions in the kernel's
    // write (two console registers, its status, the return to user mode), one device transfer.
    expect(counts).toEqual([7, 7, 28, 7]);
    expect(pass.tallies.device.bytes).toBe(7 * consoleLineText.length);
    // The library measures the string in user mode: it runs many more instructions than the kernel.
    expect(pass.tallies['library-call'].guestInstructions).toBeGreaterThan(pass.tallies['system-call'].guestInstructions * 5);
    for (const level of interfaceLevels) expect(pass.tallies[level].timedMs).toBe(0);
  });

  it('times only the level its pass is for', () => {
    const { device } = collectingConsole();
    const pass = runConsoleLines(50, device, 'system-call');
    expect(pass.tallies['system-call'].timedMs).toBeGreaterThan(0);
    expect(pass.tallies['library-call'].timedMs).toBe(0);
    expect(pass.tallies.device.timedMs).toBe(0);
  });

  it('reports a row per level, with a cost that includes the levels below', () => {
    const { transfers, device } = collectingConsole();
    const measured = measureInterfaces(300, 1, device)!;
    expect(measured.rows.map((row) => row.level)).toEqual([...interfaceLevels]);
    expect(measured.rows.map((row) => row.perRequest)).toEqual([1, 1, 4, 1]);
    for (const row of measured.rows) expect(row.costNs).toBeGreaterThan(0);
    expect(measured.rows[3]!.bytesPerCrossing).toBe(consoleLineText.length);
    expect(measured.clockPairNs).toBeGreaterThan(0);
    // An untimed pass and one per level.
    expect(transfers).toHaveLength(300 * 5);
  });

  it('stops when asked and reports nothing', () => {
    const { device } = collectingConsole();
    expect(measureInterfaces(100_000, 1, device, () => true)).toBeUndefined();
  });

  it('is refused by binary translation, whose SYS never enters a guest kernel', () => {
    const segment = consoleLineProgram(3);
    const state = createGuestState(segment);
    expect(() => new GuestTranslator(segment.code).run(state, 1000)).toThrow(/trap vector/);
  });
});
