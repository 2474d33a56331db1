import { describe, expect, it } from 'vitest';
import { bootGuest } from '../../../main/abstractMachine/guestBoot.ts';

describe('guest boot', () => {
  it('runs the kernel set-up and stops at the first user instruction', () => {
    const result = bootGuest();
    // ENTER, four OUT pairs and PUSH 0 SETMODE: eleven kernel instructions.
    expect(result.kernelInstructions).toBe(11);
    expect(result.firstUserProgramCounter).toBe(22);
  });
});
