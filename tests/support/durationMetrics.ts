/**
 * Every duration in a metrics object (a number under a key ending in `Ms` or `Us`, or inside an
 * object or list under such a key) that is below zero, as `path = value`. `recoveryTo90Ms` may be
 * -1, its documented "not within the run".
 */
export function negativeDurations(metrics: unknown, path = '', underDuration = false): string[] {
  if (typeof metrics === 'number') {
    if (!underDuration || metrics >= 0 || (path.endsWith('recoveryTo90Ms') && metrics === -1)) return [];
    return [`${path} = ${metrics}`];
  }
  if (Array.isArray(metrics)) return metrics.flatMap((item, index) => negativeDurations(item, `${path}.${index}`, underDuration));
  if (metrics === null || typeof metrics !== 'object') return [];
  return Object.entries(metrics).flatMap(([key, value]) => negativeDurations(value, path === '' ? key : `${path}.${key}`, underDuration || /(Ms|Us)$/.test(key)));
}

/** How many duration values the metrics hold, so a test can tell it looked at some. */
export function durationCount(metrics: unknown, underDuration = false): number {
  if (typeof metrics === 'number') return underDuration ? 1 : 0;
  if (Array.isArray(metrics)) return metrics.reduce((sum: number, item) => sum + durationCount(item, underDuration), 0);
  if (metrics === null || typeof metrics !== 'object') return 0;
  return Object.entries(metrics).reduce((sum, [key, value]) => sum + durationCount(value, underDuration || /(Ms|Us)$/.test(key)), 0);
}
