#!/usr/bin/env node
// proclab's core is TypeScript that Node runs directly (type stripping, Node >= 22.18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `proclab needs Node 22.18 or newer (this is ${process.version}). ` +
      'Inside the project, `npx proclab ...` uses the Node 24 that npm installed.\n',
  );
  process.exit(2);
}
await import('../main/cli/proclab.ts');
