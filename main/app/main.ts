// The desktop face: the only code that imports 'electron'. It adapts the core to a window.
import { app, BrowserWindow, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererDirectory } from '../browser/staticFiles.ts';
import { LabService } from '../service/labService.ts';
import { appOrigin, isAppUrl, registerAppScheme, serveRenderer } from './appProtocol.ts';
import { wireIpc } from './ipcBridge.ts';

registerAppScheme();

const windows = new Set<WebContents>();
let service: LabService | undefined;

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'proclab',
    show: false,
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  windows.add(contents);
  contents.once('destroyed', () => windows.delete(contents));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appOrigin}/index.html`);
}

app.on('web-contents-created', (_event, contents) => {
  // The window shows only the app itself: no navigation away, no new windows, no webviews.
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer(rendererDirectory());
  service = new LabService({ databasePath: join(app.getPath('userData'), 'runs.sqlite'), userLabsDirectory: join(app.getPath('userData'), 'labs'), face: 'desktop' });
  wireIpc(service, windows);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}).catch((error: unknown) => {
  console.error(`proclab could not start: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
});

let quitting = false;
app.on('before-quit', (event) => {
  // Cancel a run still going and release its servers before the process goes.
  if (quitting || service === undefined) return;
  event.preventDefault();
  quitting = true;
  void service.close().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
