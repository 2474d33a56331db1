import { computed, ref, watchEffect } from 'vue';
import { readStored, writeStored } from '../storage/localStore.ts';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const themePreferences: readonly ThemePreference[] = ['system', 'light', 'dark'];
const storageKey = 'proclab.theme';

function storedPreference(): ThemePreference {
  const stored = readStored(storageKey);
  return stored === 'light' || stored === 'dark' || stored === 'system' ? stored : 'system';
}

const darkQuery = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
const systemPrefersDark = ref(darkQuery?.matches ?? false);
darkQuery?.addEventListener('change', (event) => {
  systemPrefersDark.value = event.matches;
});

export const themePreference = ref<ThemePreference>(storedPreference());

/** The theme on screen: the student's choice, or the system's when they left it to the system. */
export const theme = computed<Theme>(() =>
  themePreference.value === 'system' ? (systemPrefersDark.value ? 'dark' : 'light') : themePreference.value,
);

watchEffect(() => {
  writeStored(storageKey, themePreference.value);
  document.documentElement.dataset.theme = theme.value;
  document.documentElement.style.colorScheme = theme.value;
});
