import { describe, expect, it } from 'vitest';
import { ProgressRecorder, recoveryTo90Ms, recoveryWindowMs, type ProgressPoint } from '../../../main/engines/vmMigration/progressRecorder.ts';

/** Points every `stepMs` from `fromMs` to `toMs`, the guest running at `rateAt(t)` operations a second. */
function progress(fromMs: number, toMs: number, stepMs: number, rateAt: (atMs: number) => number): ProgressPoint[] {
  const points: ProgressPoint[] = [];
  let operations = 0;
  for (let atMs = fromMs; atMs <= toMs; atMs += stepMs) {
    points.push({ atEpochMs: atMs, operations: Math.round(operations) });
    operations += (rateAt(atMs) * stepMs) / 1000;
  }
  return points;
}

describe('the recovery time after a resume', () => {
  const baseline = 1_000_000;
  const resumedAt = 1000;

  it('is about 0 when the guest runs at its full rate from the resume on', () => {
    const points = progress(900, 1300, 5, (atMs) => (atMs < resumedAt - 3 ? baseline : atMs < resumedAt ? 0 : baseline));
    expect(recoveryTo90Ms(points, resumedAt, baseline)).toBe(0);
  });

  it('is when the first window at 90% of the baseline starts, not when the first fast sample comes', () => {
    // 40 ms at a tenth of the rate (faults), then full speed.
    const points = progress(900, 1300, 5, (atMs) => (atMs < resumedAt ? 0 : atMs < resumedAt + 40 ? baseline / 10 : baseline));
    const recovery = recoveryTo90Ms(points, resumedAt, baseline);
    // The first 20 ms window with 90% of the operations starts within a step of where the slow part ends.
    expect(recovery).toBeGreaterThanOrEqual(35);
    expect(recovery).toBeLessThanOrEqual(40);
  });

  it('is -1 when the guest never gets back to 90% within the points, or there is no baseline', () => {
    const slow = progress(900, 1300, 5, (atMs) => (atMs < resumedAt ? 0 : 0.8 * baseline));
    expect(recoveryTo90Ms(slow, resumedAt, baseline)).toBe(-1);
    expect(recoveryTo90Ms(progress(900, 1300, 5, () => baseline), resumedAt, 0)).toBe(-1);
    // A window that would run past the last point is not judged.
    expect(recoveryTo90Ms(progress(900, 1010, 5, () => baseline), resumedAt, baseline)).toBe(-1);
  });

  it('judges a slow guest over a window long enough for 50 of its operations', () => {
    expect(recoveryWindowMs(35_000_000)).toBe(20);
    expect(recoveryWindowMs(1000)).toBe(50);
    // 1000 requests a second: 20 ms windows would hold 20 requests, one late burst away from 90%.
    const points = progress(900, 1400, 5, (atMs) => (atMs < resumedAt + 30 ? 0 : 1000));
    // A 50 ms window holding 90% of its operations may start 5 ms before the rate comes back.
    expect(recoveryTo90Ms(points, resumedAt, 1000)).toBe(25);
  });

  it('records the operation count from start to stop', async () => {
    let operations = 0;
    const recorder = new ProgressRecorder(() => (operations += 10), 2);
    recorder.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    recorder.stop();
    const count = recorder.points.length;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(recorder.points.length).toBe(count);
    expect(count).toBeGreaterThanOrEqual(4);
    for (let index = 1; index < count; index += 1) {
      expect(recorder.points[index]!.atEpochMs).toBeGreaterThanOrEqual(recorder.points[index - 1]!.atEpochMs);
      expect(recorder.points[index]!.operations).toBeGreaterThan(recorder.points[index - 1]!.operations);
    }
  });
});
