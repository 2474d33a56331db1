import { describe, expect, it } from 'vitest';
import { ArrivalSchedule } from '../../../main/measure/httpLoad/arrivalSchedule.ts';
import { measurementPlan } from '../../../main/engines/architectures/measurementPlan.ts';
import { seededRandom } from '../../../main/measure/seededRandom.ts';
import { bimodalSlowFactor, drawServiceTimeMs } from '../../../main/workload/serviceTimes.ts';
import { fileIndexFor } from '../../../main/workload/fileSet.ts';
import { EngineFailure } from '../../../main/engines/engine.ts';
import { scenarioWith } from '../../integration/architectures/testScenario.ts';

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('arrival schedules', () => {
  it('spaces constant arrivals evenly at the rate', () => {
    const schedule = new ArrivalSchedule(200, 'constant', 1, 1000);
    expect([schedule.take(), schedule.take(), schedule.take()]).toEqual([1000, 1005, 1010]);
  });

  it('draws Poisson gaps with the rate’s mean, repeatably for a seed', () => {
    const draw = (seed: number): number[] => {
      const schedule = new ArrivalSchedule(100, 'poisson', seed, 0);
      const times = Array.from({ length: 20_001 }, () => schedule.take());
      return times.slice(1).map((time, index) => time - times[index]!);
    };
    const gaps = draw(7);
    expect(mean(gaps)).toBeGreaterThan(9.7);
    expect(mean(gaps)).toBeLessThan(10.3);
    // Exponential: the standard deviation equals the mean.
    const deviation = Math.sqrt(mean(gaps.map((gap) => (gap - 10) ** 2)));
    expect(deviation).toBeGreaterThan(9.5);
    expect(deviation).toBeLessThan(10.5);
    expect(draw(7).slice(0, 5)).toEqual(gaps.slice(0, 5));
  });
});

describe('service time distributions', () => {
  it('keep serviceTime as their mean', () => {
    for (const distribution of ['constant', 'exponential', 'bimodal'] as const) {
      const random = seededRandom(3);
      const draws = Array.from({ length: 50_000 }, () => drawServiceTimeMs(20, distribution, random));
      expect(mean(draws), distribution).toBeGreaterThan(19.5);
      expect(mean(draws), distribution).toBeLessThan(20.5);
    }
    const random = seededRandom(3);
    const bimodal = new Set(Array.from({ length: 1000 }, () => drawServiceTimeMs(20, 'bimodal', random)));
    expect(bimodal.size).toBe(2);
    const [fast, slow] = [...bimodal].sort((first, second) => first - second);
    expect(slow! / fast!).toBeCloseTo(bimodalSlowFactor, 9);
  });

  it('map /files/N to file N and anything else round-robin', () => {
    expect(fileIndexFor('/files/3', 99, 16)).toBe(3);
    expect(fileIndexFor('/files/19?x=1', 0, 16)).toBe(3);
    expect(fileIndexFor('/', 17, 16)).toBe(1);
  });
});

describe('the measurement plan', () => {
  it('measures each server once, or once per swept value with the value applied', () => {
    const servers = [
      { name: 'a', architecture: 'iterative' as const },
      { name: 'b', architecture: 'thread-pool' as const, workers: 4 },
    ];
    expect(measurementPlan(scenarioWith({ servers })).map((point) => point.seriesName)).toEqual(['a', 'b']);
    const byRate = measurementPlan(scenarioWith({ servers, sweep: { parameter: 'rate', values: [10, 20] } }));
    expect(byRate.map((point) => point.seriesName)).toEqual(['a rate=10', 'a rate=20', 'b rate=10', 'b rate=20']);
    expect(byRate[1]!.scenario.load).toMatchObject({ mode: 'open', rate: 20 });
    const byWorkers = measurementPlan(scenarioWith({ servers, sweep: { parameter: 'workers', values: [1, 8] } }));
    expect(byWorkers.map((point) => point.server?.workers)).toEqual([1, 8, 1, 8]);
  });

  it('refuses a sweep without values, or with values the parameter cannot take', () => {
    const servers = [{ name: 'a', architecture: 'iterative' as const }];
    expect(() => measurementPlan(scenarioWith({ servers, sweep: { parameter: 'connections', values: [] } }))).toThrow(EngineFailure);
    expect(() => measurementPlan(scenarioWith({ servers, sweep: { parameter: 'connections', values: [1.5] } }))).toThrow(/whole number/);
    expect(() => measurementPlan(scenarioWith({ servers, sweep: { parameter: 'workers', values: [0] } }))).toThrow(/not a valid workers/);
  });
});
