import { describe, expect, it } from 'vitest';
import { AnswerSpin, maximumSpinMs, minimumSpinMs } from '../../../main/engines/vmMigration/guest/answerSpin.ts';

const learnMany = (spin: AnswerSpin, answerMs: number, count: number): void => {
  for (let answer = 0; answer < count; answer += 1) spin.learn(answerMs);
};

describe('the spin on a page answer', () => {
  it('starts at the shortest spin and stays there while answers come quickly', () => {
    const spin = new AnswerSpin();
    expect(spin.spinMs).toBe(minimumSpinMs);
    learnMany(spin, 0.015, 200);
    expect(spin.spinMs).toBe(minimumSpinMs);
  });

  it('grows to twice the typical answer when the link makes answers slower (a page on a 1 Gbit wire)', () => {
    const spin = new AnswerSpin();
    learnMany(spin, 0.02, 500); // a rehearsal on the unshaped line
    learnMany(spin, 0.07, 100);
    expect(spin.spinMs).toBeGreaterThan(0.13);
    expect(spin.spinMs).toBeLessThan(0.15);
  });

  it('follows the median, not the tail: a few slow answers among fast ones do not lengthen it', () => {
    const spin = new AnswerSpin();
    for (let answer = 0; answer < 1000; answer += 1) spin.learn(answer % 10 === 0 ? 3 : 0.04);
    expect(spin.spinMs).toBeGreaterThan(0.07);
    expect(spin.spinMs).toBeLessThan(0.09);
  });

  it('never spins longer than the longest spin, and forgets a stretch of slow answers within a hundred faults', () => {
    const spin = new AnswerSpin();
    learnMany(spin, 20, 300); // a link with 10 ms of latency each way
    expect(spin.spinMs).toBe(maximumSpinMs);
    learnMany(spin, 0.02, 80);
    expect(spin.spinMs).toBe(minimumSpinMs);
  });
});
