/// <reference types="vite/client" />
import type { LabApi } from '../../preload/api.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    lab?: LabApi;
  }
}
