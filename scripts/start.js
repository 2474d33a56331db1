// npm start: build, then open the desktop window; where the Electron binary is not available,
// say so in one line and serve browser mode on 127.0.0.1 instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('proclab: the build failed (see above)');
  process.exit(build.status ?? 1);
}

/** The Electron binary, fetched once if missing (quietly: a closed network just means browser mode). */
function electronBinary() {
  const folder = dirname(require.resolve('electron/package.json'));
  if (!existsSync(join(folder, 'path.txt'))) {
    spawnSync(process.execPath, [join(folder, 'install.js')], { stdio: 'ignore', timeout: 180_000 });
  }
  if (!existsSync(join(folder, 'path.txt'))) return undefined;
  const binary = join(folder, 'dist', readFileSync(join(folder, 'path.txt'), 'utf8'));
  return existsSync(binary) ? binary : undefined;
}

const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const electronPath = electronBinary();

const forward = (child) => {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
};

if (electronPath !== undefined && hasDisplay) {
  forward(spawn(electronPath, ['.'], { stdio: 'inherit' }));
} else {
  console.log(`proclab: ${electronPath === undefined ? 'the Electron binary is not available here' : 'there is no display for a window here'}, so proclab runs in browser mode instead.`);
  const port = process.env.PROCLAB_PORT ?? '5317';
  forward(spawn(process.execPath, ['bin/proclab.js', 'serve', '--port', port], { stdio: 'inherit' }));
}
