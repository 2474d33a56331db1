import { describe, expect, it } from 'vitest';
import { DurationRecorder } from '../../../main/engines/threadsProcesses/durationSummary.ts';

describe('DurationRecorder', () => {
  it('keeps sub-microsecond durations apart (whole microseconds would read 0 or 1)', () => {
    const recorder = new DurationRecorder();
    for (const milliseconds of [0.0004, 0.0006, 0.0008, 0.0012]) recorder.recordMilliseconds(milliseconds);
    expect(recorder.count).toBe(4);
    expect(recorder.percentileUs(50)).toBeCloseTo(0.6, 2);
    expect(recorder.maxUs).toBeCloseTo(1.2, 2);
  });

  it('reports process-sized durations within the histogram’s precision', () => {
    const recorder = new DurationRecorder();
    for (let index = 1; index <= 100; index += 1) recorder.recordMilliseconds(index);
    expect(recorder.percentileUs(50) / 50_000).toBeCloseTo(1, 2);
    expect(recorder.percentileUs(99) / 99_000).toBeCloseTo(1, 2);
    expect(recorder.maxUs).toBe(100_000);
    expect(recorder.meanUs).toBeCloseTo(50_500, 0);
  });
});
