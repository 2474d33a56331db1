// Electron preload (sandboxed, so bundled as CommonJS): exposes the LabApi contract as
// window.lab and nothing else. Each method is one named IPC channel.
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannelPrefix as prefix, runEventChannel } from '../common/ipcChannels.ts';
import type { LabApi, RunEvent } from './api.ts';

const listeners = new Map<string, (event: RunEvent) => void>();
ipcRenderer.on(runEventChannel, (_sender, watchId: string, event: RunEvent) => {
  listeners.get(watchId)?.(event);
});

const lab: LabApi = {
  listLabs: () => ipcRenderer.invoke(`${prefix}listLabs`),
  getLab: (labId) => ipcRenderer.invoke(`${prefix}getLab`, labId),
  validateScenario: (labId, scenarioText) => ipcRenderer.invoke(`${prefix}validateScenario`, labId, scenarioText),
  startRun: (request) => ipcRenderer.invoke(`${prefix}startRun`, request),
  cancelRun: (runId) => ipcRenderer.invoke(`${prefix}cancelRun`, runId),
  watchRun: async (runId, listener) => {
    const result = (await ipcRenderer.invoke(`${prefix}watchRun`, runId)) as { ok: true; value: { watchId: string } } | { ok: false; error: { code: never; message: string } };
    if (!result.ok) return result;
    const { watchId } = result.value;
    listeners.set(watchId, listener);
    return {
      ok: true,
      value: () => {
        listeners.delete(watchId);
        void ipcRenderer.invoke(`${prefix}unwatchRun`, watchId);
      },
    };
  },
  listRuns: (filter) => ipcRenderer.invoke(`${prefix}listRuns`, filter),
  getRun: (runId) => ipcRenderer.invoke(`${prefix}getRun`, runId),
  deleteRun: (runId) => ipcRenderer.invoke(`${prefix}deleteRun`, runId),
  exportReport: (runId, language) => ipcRenderer.invoke(`${prefix}exportReport`, runId, language),
  getVariant: (labId, studentId) => ipcRenderer.invoke(`${prefix}getVariant`, labId, studentId),
  saveAnswer: (runId, questionId, markdown) => ipcRenderer.invoke(`${prefix}saveAnswer`, runId, questionId, markdown),
  importLabPack: (packText) => ipcRenderer.invoke(`${prefix}importLabPack`, packText),
};

contextBridge.exposeInMainWorld('lab', lab);
