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
        if (state === 'reconnecting') watchForRefusedToken();
      },
    });
  }
  return labApi;
}

/**
 * Browser mode started again has a new launch token, and this page's cookie holds the old one:
 * the server then answers every request with the page that says to open the new link. Showing
 * that page beats reconnecting forever (the scenario text is kept in the browser either way).
 */
function watchForRefusedToken(): void {
  const check = async (): Promise<void> => {
    if (connectionState.value !== 'reconnecting') return;
    try {
      const answer = await fetch('/', { method: 'HEAD', cache: 'no-store' });
      if (answer.status === 401) {
        window.location.reload();
        return;
      }
    } catch {
      // The server is away for now: keep reconnecting, and look again.
    }
    setTimeout(() => void check(), tokenCheckIntervalMs);
  };
  void check();
}

const tokenCheckIntervalMs = 2_000;
