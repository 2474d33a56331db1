// A chart of times whose values run into the tens of thousands reads better in the next unit:
// 50 ms rather than "50k µs". Only time units change; every other unit is drawn as declared.

const larger: Record<string, { unit: string; factor: number }> = {
  µs: { unit: 'ms', factor: 1000 },
  us: { unit: 'ms', factor: 1000 },
  ms: { unit: 's', factor: 1000 },
};

/** The unit to draw values up to `largest` in, and what to divide them by. */
export function adaptTimeUnit(unit: string, largest: number): { unit: string; divisor: number } {
  let current = { unit, divisor: 1 };
  for (let step = larger[current.unit]; step !== undefined && Math.abs(largest) / current.divisor >= 10_000; step = larger[current.unit]) {
    current = { unit: step.unit, divisor: current.divisor * step.factor };
  }
  return current;
}
