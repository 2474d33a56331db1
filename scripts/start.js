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
  const serve = spawn(process.execPath, ['bin/proclab.js', 'serve', '--port', port], { stdio: ['inherit', 'pipe', 'inherit'] });
  forward(serve);
  let printed = '';
  serve.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (printed === undefined) return;
    printed += chunk.toString();
    // The link carries this launch's token: it is the one address that opens the app.
    const link = /proclab browser mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(printed);
    if (link === null) return;
    printed = undefined;
    openInBrowser(link[1]);
  });
}

/** Opens the link in the user's browser where there is one to open; the printed link is enough otherwise. */
function openInBrowser(link) {
  if (!hasDisplay) return;
  const [command, ...args] = process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""'] : ['xdg-open'];
  const opener = spawn(command, [...args, link], { stdio: 'ignore', detached: true });
  opener.on('error', () => console.log('proclab: open the link above in your browser.'));
  opener.unref();
}
