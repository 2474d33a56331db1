// Queueing models a measurement can be set beside. Every model here assumes exponential service
// times (the second "M"); with Poisson arrivals (open loop) or closed clients with exponential
// think times they are exact, otherwise a close first estimate.
//
// Notation: serviceMs is the mean service time S (so the service rate of one server is 1/S),
// servers is c (Infinity for "no bound": every request in service at once, M/M/∞).

export interface QueueingPrediction {
  /** Requests per second the system completes. */
  throughputRps: number;
  /** Mean time a request spends in the system (waiting plus service), in milliseconds. */
  latencyMeanMs: number;
}

/**
 * Erlang's C formula: the probability that an arriving request has to wait in an M/M/c queue with
 * offered load `offered` = λS (in erlangs). Computed through the Erlang B recursion, which is
 * numerically stable for any c.
 */
export function erlangC(servers: number, offered: number): number {
  if (offered >= servers) return 1;
  let erlangB = 1;
  for (let k = 1; k <= servers; k += 1) erlangB = (offered * erlangB) / (k + offered * erlangB);
  return erlangB / (1 - (offered / servers) * (1 - erlangB));
}

/**
 * Open system, M/M/c (M/M/1 for c = 1): Poisson arrivals at `rateRps`. Undefined when the offered
 * load reaches the capacity (ρ ≥ 1): the queue then grows without bound and there is no mean.
 */
export function predictOpenMmc(rateRps: number, serviceMs: number, servers: number): QueueingPrediction | undefined {
  if (rateRps <= 0 || serviceMs < 0 || servers < 1) return undefined;
  if (serviceMs === 0) return { throughputRps: rateRps, latencyMeanMs: 0 };
  if (!Number.isFinite(servers)) return { throughputRps: rateRps, latencyMeanMs: serviceMs };
  const lambdaPerMs = rateRps / 1000;
  const offered = lambdaPerMs * serviceMs;
  if (offered >= servers) return undefined;
  const waitMs = (erlangC(servers, offered) * serviceMs) / (servers - offered);
  return { throughputRps: rateRps, latencyMeanMs: serviceMs + waitMs };
}

/**
 * Closed system with `clients` clients, each thinking `thinkMs` on average between an answer and
 * its next request, in front of c servers: the finite-source M/M/c//N queue (the "machine
 * repairman" model). With no think time every client is always waiting or in service, so
 * throughput is min(N, c)/S exactly, whatever the service-time distribution.
 */
export function predictClosedMmc(clients: number, serviceMs: number, servers: number, thinkMs: number): QueueingPrediction | undefined {
  if (clients < 1 || serviceMs <= 0 || servers < 1) return undefined;
  const busy = Math.min(clients, servers);
  if (thinkMs <= 0) {
    const throughputPerMs = busy / serviceMs;
    return { throughputRps: throughputPerMs * 1000, latencyMeanMs: clients / throughputPerMs };
  }
  if (!Number.isFinite(servers) || servers >= clients) {
    // Nobody ever waits: each client cycles through think and service.
    return { throughputRps: (clients / (thinkMs + serviceMs)) * 1000, latencyMeanMs: serviceMs };
  }
  // Birth-death chain over n = requests in the system: arrivals (N - n)/Z, departures min(n, c)/S.
  const probabilities: number[] = [1];
  for (let n = 1; n <= clients; n += 1) {
    const arrival = (clients - n + 1) / thinkMs;
    const departure = Math.min(n, servers) / serviceMs;
    probabilities.push((probabilities[n - 1]! * arrival) / departure);
  }
  const total = probabilities.reduce((sum, value) => sum + value, 0);
  let inSystem = 0;
  let throughputPerMs = 0;
  probabilities.forEach((weight, n) => {
    const probability = weight / total;
    inSystem += n * probability;
    throughputPerMs += (Math.min(n, servers) / serviceMs) * probability;
  });
  // Little's law over the system: L = X R.
  return { throughputRps: throughputPerMs * 1000, latencyMeanMs: inSystem / throughputPerMs };
}

/** The usual name of the model for c servers, as a label. */
export function modelName(kind: 'open' | 'closed', servers: number, clients?: number): string {
  const c = Number.isFinite(servers) ? String(servers) : '∞';
  return kind === 'open' ? `M/M/${c}` : `M/M/${c}//${clients ?? 'N'}`;
}
