import { existsSync } from 'node:fs';

/** Debian's Chromium, as .ci/run installs it; PROCLAB_CHROMIUM points elsewhere. */
export function chromiumPath(): string {
  const path = process.env.PROCLAB_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: install it with "apt-get install chromium" (or set PROCLAB_CHROMIUM)`);
  return path;
}

/** Headless as root, without the background traffic a closed network refuses. */
export const chromiumArguments = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
