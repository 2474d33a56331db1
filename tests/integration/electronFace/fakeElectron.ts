// A stand-in for the parts of Electron's main-process API that proclab's desktop face uses. The
// Electron binary cannot run here; this records what the face asks of Electron so its security
// settings and IPC checks can be tested. Only what main/app/ calls is provided.
import { EventEmitter } from 'node:events';

export interface RecordedWindow {
  options: Record<string, any>;
  loadedUrl: string | undefined;
  webContents: FakeWebContents;
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame = { url: 'app://proclab/index.html' };
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
    for (const listener of rendererListeners.get(channel) ?? []) listener({}, ...structuredClone(args));
  }
}

const rendererListeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();

export const recorded = {
  exposed: {} as Record<string, unknown>,
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response> | Response>(),
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  windows: [] as RecordedWindow[],
  permissionRequestHandler: undefined as undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheckHandler: undefined as undefined | ((...args: unknown[]) => boolean),
};

class FakeApp extends EventEmitter {
  #ready: () => void = () => undefined;
  readonly readyPromise = new Promise<void>((resolve) => (this.#ready = resolve));
  userDataPath = '';
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  becomeReady(): void {
    this.#ready();
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected path ${name}`);
    return this.userDataPath;
  }
  quit(): void {
    this.emit('quit-called');
  }
  exit(): void {}
}

export const app = new FakeApp();

export class BrowserWindow {
  readonly webContents = new FakeWebContents();
  readonly record: RecordedWindow;
  constructor(options: Record<string, any>) {
    this.record = { options, loadedUrl: undefined, webContents: this.webContents };
    recorded.windows.push(this.record);
    app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows(): unknown[] {
    return recorded.windows;
  }
  once(): void {}
  show(): void {}
  loadURL(url: string): Promise<void> {
    this.record.loadedUrl = url;
    return Promise.resolve();
  }
}

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    recorded.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: { url: string }) => Promise<Response>): void {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    recorded.ipcHandlers.set(channel, handler);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: typeof recorded.permissionRequestHandler): void {
      recorded.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: typeof recorded.permissionCheckHandler): void {
      recorded.permissionCheckHandler = handler;
    },
  },
};

/** The renderer side: calls reach the main side's handlers as if sent from the app window. */
export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = recorded.ipcHandlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    const contents = recorded.windows[0]!.webContents;
    // IPC copies arguments and results with the structured clone algorithm, as Electron does.
    return structuredClone(await handler({ sender: contents, senderFrame: contents.mainFrame }, ...structuredClone(args)));
  },
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void {
    let listeners = rendererListeners.get(channel);
    if (listeners === undefined) rendererListeners.set(channel, (listeners = new Set()));
    listeners.add(listener);
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    recorded.exposed[key] = api;
  },
};

export default { app, BrowserWindow, protocol, ipcMain, session, ipcRenderer, contextBridge };
