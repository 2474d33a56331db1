import type { RunMetrics, ServerMetrics } from '../../../preload/api.ts';

// Metrics are engine-specific JSON; only the architectures-style `servers` list gets a table, and
// only entries that really have its shape, so an engine with other metrics simply shows none.

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isServerMetrics(value: unknown): value is ServerMetrics {
  if (value === null || typeof value !== 'object') return false;
  const entry = value as Record<string, unknown>;
  const latency = entry['latencyMs'] as Record<string, unknown> | null | undefined;
  return (
    typeof entry['name'] === 'string' &&
    isNumber(entry['requests']) &&
    isNumber(entry['throughputRps']) &&
    latency !== null &&
    typeof latency === 'object' &&
    isNumber(latency['p50']) &&
    isNumber(latency['p99'])
  );
}

export function readServerMetrics(metrics: RunMetrics | null): ServerMetrics[] {
  const servers = metrics?.['servers'];
  if (!Array.isArray(servers)) return [];
  return servers.filter(isServerMetrics);
}
