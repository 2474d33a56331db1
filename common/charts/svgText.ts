// Chart text comes from lab files, scenario series names and run metrics, all of which a student
// can type; every string that reaches SVG markup goes through here so a chart can never inject markup.

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use both as element content and inside a double- or single-quoted attribute. */
export function escapeSvgText(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}

/** Rounds a coordinate so the markup is short and identical on every machine. */
export function formatCoordinate(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  // Avoid "-0", which would make otherwise identical output differ.
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** A rough width for layout decisions; SVG text has no measuring API without a DOM. */
export function estimateTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

/** Shortens a label to fit a width, ending it with an ellipsis when it had to be cut. */
export function fitText(text: string, maxWidth: number, fontSize: number): string {
  if (estimateTextWidth(text, fontSize) <= maxWidth) return text;
  const maxCharacters = Math.max(1, Math.floor(maxWidth / (fontSize * 0.6)) - 1);
  return `${text.slice(0, maxCharacters)}…`;
}
