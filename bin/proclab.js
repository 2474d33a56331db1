#!/usr/bin/env node
// proclab's core is TypeScript that Node runs directly (type stripping, Node >= 22.18). When the
// built bundle (npm run build) is newer than every source file, it runs that instead: its worker
// threads and child processes then start without the type stripper, which would otherwise add
// tens of milliseconds to every start that the labs measure. PROCLAB_FROM_SOURCE=1 forces source.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `proclab needs Node 22.18 or newer (this is ${process.version}). ` +
      'Inside the project, `npx proclab ...` uses the Node 24 that npm installed.\n',
  );
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}out/main/cli.js`;

function newestSource(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|js|vue)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const bundleIsCurrent =
  !process.env.PROCLAB_FROM_SOURCE &&
  existsSync(bundle) &&
  statSync(bundle).mtimeMs >= Math.max(...['main', 'common', 'preload'].map((folder) => newestSource(`${root}${folder}`)));

await import(bundleIsCurrent ? bundle : '../main/cli/proclab.ts');
