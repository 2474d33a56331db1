/**
 * Internal errors reach the user as one sentence; their stack traces only with PROCLAB_DEBUG=1,
 * for whoever is fixing proclab itself.
 */
export function debugLog(error: unknown): void {
  if (process.env.PROCLAB_DEBUG) console.error(error);
}
