import { createHash } from 'node:crypto';
import type { RunDetail } from '../../preload/api.ts';
import { canonicalJson } from './canonicalJson.ts';

/**
 * Names the shape hashed below. If what goes into the hash ever changes, this changes with it,
 * so a hash can never silently mean two different things.
 */
export const runDataFormat = 'proclab-run-data/1';

/**
 * What a report's SHA-256 covers: what the run recorded, not when or where it was exported
 * (times, environment and the log are left out, so the same run always gives the same hash).
 */
export function runDataForHash(run: RunDetail): Record<string, unknown> {
  return {
    format: runDataFormat,
    runId: run.runId,
    labId: run.labId,
    engine: run.engine,
    seed: run.seed,
    scenarioText: run.scenarioText,
    status: run.status,
    samples: run.samples,
    timeline: run.timeline,
    metrics: run.metrics,
    checks: run.checks,
  };
}

/** SHA-256 (lowercase hex) of the run's recorded data in canonical JSON. */
export function runDataSha256(run: RunDetail): string {
  return createHash('sha256').update(canonicalJson(runDataForHash(run)), 'utf8').digest('hex');
}
