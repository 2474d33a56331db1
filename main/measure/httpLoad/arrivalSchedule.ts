import { seededRandom } from '../seededRandom.ts';
import type { ArrivalProcess } from './loadMessages.ts';

/**
 * When the requests of an open loop are due: evenly spaced at the rate (constant), or with
 * exponentially distributed gaps of the same mean (Poisson, as independent clients arrive; the
 * queueing models' "M" for arrivals).
 */
export class ArrivalSchedule {
  private readonly meanGapMs: number;
  private readonly arrival: ArrivalProcess;
  private readonly random: () => number;
  private nextDueAt: number;

  constructor(rateRps: number, arrival: ArrivalProcess, seed: number, startAt: number) {
    this.meanGapMs = 1000 / rateRps;
    this.arrival = arrival;
    this.random = seededRandom(seed);
    this.nextDueAt = startAt;
  }

  /** The due time of the next request, without taking it. */
  peek(): number {
    return this.nextDueAt;
  }

  /** Takes the next due time and moves on to the one after. */
  take(): number {
    const dueAt = this.nextDueAt;
    const gap = this.arrival === 'constant' ? this.meanGapMs : -this.meanGapMs * Math.log(1 - this.random());
    this.nextDueAt += gap;
    return dueAt;
  }
}
