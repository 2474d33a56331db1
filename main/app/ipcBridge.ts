import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { randomUUID } from 'node:crypto';
import type { RunEvent, Unsubscribe } from '../../preload/api.ts';
import { ipcChannel, runEventChannel } from '../../common/ipcChannels.ts';
import { labMethodTable, callRoutedMethod } from '../service/labMethodTable.ts';
import type { LabService } from '../service/labService.ts';
import { isAppUrl } from './appProtocol.ts';

const refused = { ok: false, error: { code: 'invalid-argument', message: 'this call did not come from the proclab window' } } as const;

/** Only the app's own page, in the main frame of a window we made, may call the core. */
function trustedSender(event: IpcMainInvokeEvent, windows: Set<WebContents>): boolean {
  const frame = event.senderFrame;
  return frame !== null && windows.has(event.sender) && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

export function wireIpc(service: LabService, windows: Set<WebContents>): void {
  for (const method of Object.keys(labMethodTable) as (keyof typeof labMethodTable)[]) {
    ipcMain.handle(ipcChannel(method), (event, ...args: unknown[]) => (trustedSender(event, windows) ? callRoutedMethod(service, method, args) : refused));
  }

  const watches = new Map<string, Unsubscribe>();
  ipcMain.handle(ipcChannel('watchRun'), async (event, runId: unknown) => {
    if (!trustedSender(event, windows)) return refused;
    const sender = event.sender;
    const watchId = randomUUID();
    const result = await service.watchRun(runId, (runEvent: RunEvent) => {
      if (!sender.isDestroyed()) sender.send(runEventChannel, watchId, runEvent);
    });
    if (!result.ok) return result;
    watches.set(watchId, result.value);
    sender.once('destroyed', () => {
      watches.get(watchId)?.();
      watches.delete(watchId);
    });
    return { ok: true, value: { watchId } };
  });
  ipcMain.handle(ipcChannel('unwatchRun'), (event, watchId: unknown) => {
    if (!trustedSender(event, windows)) return refused;
    if (typeof watchId === 'string') {
      watches.get(watchId)?.();
      watches.delete(watchId);
    }
    return { ok: true, value: null };
  });
}
