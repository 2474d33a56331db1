import { ref, watchEffect } from 'vue';
import type { Language } from '../../../preload/api.ts';
import { readStored, writeStored } from '../storage/localStore.ts';
import { en, type MessageKey } from './en.ts';
import { ptBR } from './ptBR.ts';

export const languages: readonly { code: Language; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'pt-BR', name: 'Português (BR)' },
];

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, 'pt-BR': ptBR };
const languageKey = 'proclab.language';

function initialLanguage(): Language {
  const stored = readStored(languageKey);
  if (stored === 'en' || stored === 'pt-BR') return stored;
  return navigator.language.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

export const language = ref<Language>(initialLanguage());

watchEffect(() => {
  writeStored(languageKey, language.value);
  document.documentElement.lang = language.value;
});

/** Looks a message up in the current language and fills `{name}` placeholders. */
export function translate(key: MessageKey, parameters: Record<string, string | number> = {}): string {
  const template = dictionaries[language.value][key];
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(parameters, name) ? String(parameters[name]) : placeholder,
  );
}

export type { MessageKey };
