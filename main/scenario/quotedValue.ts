/** Longest piece of a value a message quotes: a pasted page of text is shown by its start and length. */
const quotedCharacters = 60;

/** A value as a diagnostic quotes it, JSON-style, cut short with its length when long. */
export function quotedValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  if (text.length <= quotedCharacters) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, quotedCharacters)).slice(0, -1)}…" (${text.length.toLocaleString('en')} characters)`;
}
