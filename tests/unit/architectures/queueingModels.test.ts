import { describe, expect, it } from 'vitest';
import { erlangC, modelName, predictClosedMmc, predictOpenMmc } from '../../../main/measure/queueingModels.ts';
import { serviceChannels } from '../../../main/engines/architectures/serverModel.ts';

describe('queueing models', () => {
  it('M/M/1: mean time in system S/(1-ρ)', () => {
    // S = 10 ms, λ = 50/s: ρ = 0.5, so 20 ms.
    expect(predictOpenMmc(50, 10, 1)!.latencyMeanMs).toBeCloseTo(20, 9);
    expect(predictOpenMmc(90, 10, 1)!.latencyMeanMs).toBeCloseTo(100, 9);
    // At or beyond capacity there is no steady state.
    expect(predictOpenMmc(100, 10, 1)).toBeUndefined();
  });

  it('Erlang C matches the textbook values and M/M/c reduces to M/M/1 for c = 1', () => {
    // c = 2, A = 1 erlang: C = 1/3.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 9);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 9);
    // M/M/2 with S = 10 ms, λ = 100/s (A = 1): W = S + C·S/(c - A) = 10 + (1/3)·10 = 13.33 ms.
    expect(predictOpenMmc(100, 10, 2)!.latencyMeanMs).toBeCloseTo(10 + 10 / 3, 9);
    expect(predictOpenMmc(30, 10, Number.POSITIVE_INFINITY)!.latencyMeanMs).toBe(10);
  });

  it('closed loop without think time: throughput min(N, c)/S and Little’s law for the latency', () => {
    const iterative = predictClosedMmc(16, 20, 1, 0)!;
    expect(iterative.throughputRps).toBeCloseTo(50, 9);
    expect(iterative.latencyMeanMs).toBeCloseTo(320, 9);
    expect(predictClosedMmc(16, 20, 4, 0)!.throughputRps).toBeCloseTo(200, 9);
    expect(predictClosedMmc(2, 20, 4, 0)!.latencyMeanMs).toBeCloseTo(20, 9);
  });

  it('closed loop with think time: the machine-repairman model lies between its bounds', () => {
    // N = 10, S = 10 ms, Z = 90 ms, c = 1: below N/(S+Z) = 100/s and 1/S = 100/s, and close to both.
    const prediction = predictClosedMmc(10, 10, 1, 90)!;
    expect(prediction.throughputRps).toBeLessThan(100);
    expect(prediction.throughputRps).toBeGreaterThan(70);
    // Response time from Little: N/X - Z.
    expect(prediction.latencyMeanMs).toBeCloseTo((10 / prediction.throughputRps) * 1000 - 90, 6);
    // One client never waits.
    expect(predictClosedMmc(1, 10, 1, 90)!.latencyMeanMs).toBeCloseTo(10, 9);
  });

  it('names the models and knows how many requests each architecture serves at once', () => {
    expect(modelName('open', 1)).toBe('M/M/1');
    expect(modelName('closed', Number.POSITIVE_INFINITY, 8)).toBe('M/M/∞//8');
    expect(serviceChannels('iterative', 'io', 8, 2)).toBe(1);
    expect(serviceChannels('event-driven', 'io', 8, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(serviceChannels('event-driven', 'blocking-io', 8, 2)).toBe(1);
    expect(serviceChannels('thread-pool', 'io', 8, 2)).toBe(8);
    expect(serviceChannels('thread-pool', 'cpu', 8, 2)).toBe(2);
    expect(serviceChannels('event-pool', 'io', 3, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(serviceChannels('prefork', 'blocking-io', 3, 2)).toBe(3);
  });
});
