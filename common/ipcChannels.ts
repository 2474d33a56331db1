// Electron IPC channel names: one per contract method, plus the channel run events arrive on.
import type { LabApiMethod } from './labApiMethods.ts';

export const ipcChannelPrefix = 'proclab:';

export function ipcChannel(method: LabApiMethod): string {
  return `${ipcChannelPrefix}${method}`;
}

export const runEventChannel = 'proclab:run-event';
