// Electron preload (sandboxed, so bundled as CommonJS): exposes the LabApi contract as
// window.lab and nothing else. Each method is one named IPC channel; run events arrive on one
// channel, tagged with the watch they belong to.
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, runEventChannel } from '../common/ipcChannels.ts';
import { LabApiProxy } from '../common/labApiProxy.ts';
import type { Result, RunEvent } from './api.ts';

const proxy = new LabApiProxy({
  // IPC rejects what it cannot copy (a function, a DOM node); that too crosses as a value.
  call: (method, args) =>
    (ipcRenderer.invoke(ipcChannel(method), ...args) as Promise<Result<unknown>>).catch((error: unknown) => ({
      ok: false as const,
      error: { code: 'invalid-argument' as const, message: `${method} could not be sent: ${error instanceof Error ? error.message : String(error)}` },
    })),
});
ipcRenderer.on(runEventChannel, (_sender, watchId: string, event: RunEvent) => proxy.deliver(watchId, event));

contextBridge.exposeInMainWorld('lab', proxy.api);
