// Service times drawn per request. Every distribution has the scenario's serviceTime as its mean,
// so servers and queueing models are compared at the same offered work whatever the shape.

export type ServiceTimeDistribution = 'constant' | 'exponential' | 'bimodal';

/** Bimodal: this share of requests is slow... */
export const bimodalSlowFraction = 0.1;
/** ...and takes this many times as long as a fast one. */
export const bimodalSlowFactor = 10;

/** The service time of one request, in milliseconds, with mean `meanMs`. */
export function drawServiceTimeMs(meanMs: number, distribution: ServiceTimeDistribution, random: () => number): number {
  if (meanMs <= 0) return 0;
  switch (distribution) {
    case 'constant':
      return meanMs;
    case 'exponential':
      // 1 - random() is in (0, 1], so the logarithm is finite.
      return -meanMs * Math.log(1 - random());
    case 'bimodal': {
      const fastMs = meanMs / (1 - bimodalSlowFraction + bimodalSlowFraction * bimodalSlowFactor);
      return random() < bimodalSlowFraction ? fastMs * bimodalSlowFactor : fastMs;
    }
  }
}
