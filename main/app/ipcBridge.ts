import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { labApiMethods } from '../../common/labApiMethods.ts';
import { ipcChannel, runEventChannel } from '../../common/ipcChannels.ts';
import type { LabConnection } from '../service/labConnection.ts';
import type { LabService } from '../service/labService.ts';
import { isAppUrl } from './appProtocol.ts';

const refused = { ok: false, error: { code: 'invalid-argument', message: 'this call did not come from the proclab window' } } as const;

/** Only the app's own page, in the main frame of a window we made, may call the core. */
function trustedSender(event: IpcMainInvokeEvent, windows: Set<WebContents>): boolean {
  const frame = event.senderFrame;
  return frame !== null && windows.has(event.sender) && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

/**
 * The desktop face's transport: one IPC channel per contract method, and one channel that run
 * events arrive on. Each window is one service connection, made on its first call; its watches
 * end when its page is replaced (a reload) and the connection when the window goes.
 */
export function wireIpc(service: LabService, windows: Set<WebContents>): void {
  const connections = new Map<WebContents, LabConnection>();

  const connectionOf = (contents: WebContents): LabConnection => {
    const existing = connections.get(contents);
    if (existing !== undefined) return existing;
    const connection = service.connect((watchId, event) => {
      if (!contents.isDestroyed()) contents.send(runEventChannel, watchId, event);
    });
    connections.set(contents, connection);
    contents.on('did-navigate', () => connection.clearWatches());
    contents.once('destroyed', () => {
      connection.close();
      connections.delete(contents);
    });
    return connection;
  };

  for (const method of labApiMethods) {
    ipcMain.handle(ipcChannel(method), (event, ...args: unknown[]) => (trustedSender(event, windows) ? connectionOf(event.sender).call(method, args) : refused));
  }
}
