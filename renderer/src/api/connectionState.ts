import { ref } from 'vue';

/**
 * Whether the page can reach the core. Only browser mode can lose its connection; in Electron the
 * preload is always there, so the state stays 'open'.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export const connectionState = ref<ConnectionState>('open');
