// What a guest runs, as plain options (from the scenario) and the CPU state each program carries
// across a migration. The state is small and JSON: it is the "non-memory state" that is sent first
// (post-copy) or last (pre-copy).

export const workloadKinds = ['kv-server', 'writer', 'scanner', 'idle'] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

export const accessPatterns = ['sequential', 'uniform', 'hot-cold'] as const;
export type AccessPattern = (typeof accessPatterns)[number];

export interface WorkloadOptions {
  kind: WorkloadKind;
  /** Writer: bytes of memory it writes to (from the start of memory). */
  workingSetBytes: number;
  /** Writer: pages it writes per second; 0 = as fast as it can. */
  dirtyPagesPerSecond: number;
  pattern: AccessPattern;
  /** Share of memory filled with non-zero data before the workload starts (0..1). */
  fillFraction: number;
  /** Key-value server: number of keys stored at start. */
  keyCount: number;
}

export interface GuestCpuState {
  kind: WorkloadKind;
  operations: number;
  /** xorshift32 state. */
  random: number;
  cursor: number;
  /** Key-value server: number of requests answered. */
  requestsAnswered: number;
}

export function initialCpuState(options: WorkloadOptions, seed: number): GuestCpuState {
  return { kind: options.kind, operations: 0, random: seed >>> 0 || 0x9e3779b9, cursor: 0, requestsAnswered: 0 };
}

export function nextRandom(state: GuestCpuState): number {
  let value = state.random;
  value ^= value << 13;
  value ^= value >>> 17;
  value ^= value << 5;
  state.random = value >>> 0;
  return state.random;
}
