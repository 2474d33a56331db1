import { readFileSync } from 'node:fs';

/** The version in proclab's package.json ('unknown' when it cannot be read). */
export function proclabVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'proclab' && manifest.version) return manifest.version;
    } catch {
      // not at this depth: source and built layouts differ by one folder
    }
  }
  return 'unknown';
}
