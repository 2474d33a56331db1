import { socketPath } from '../../../common/socketProtocol.ts';
import type { LabApi } from '../../../preload/api.ts';
import { connectionState } from './connectionState.ts';
import { createSocketLabApi } from './socketLabApi.ts';

let labApi: LabApi | null = null;

/**
 * The one LabApi of this page: the preload's in Electron, otherwise a WebSocket client to the core
 * that served the page (browser mode).
 */
export function getLabApi(): LabApi {
  if (labApi !== null) return labApi;
  if (window.lab !== undefined) {
    labApi = window.lab;
  } else {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    labApi = createSocketLabApi({
      url: `${scheme}//${window.location.host}${socketPath}`,
      onStateChange: (state) => {
        connectionState.value = state;
      },
    });
  }
  return labApi;
}
