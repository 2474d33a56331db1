// How large a scenario the core accepts. The window checks it before it sends one, so a pasted
// megabyte is refused in the editor with a reason instead of failing somewhere on the way.

export const maxScenarioBytes = 256 * 1024;

/** The UTF-8 size of a text, counted without encoding it (browsers have no Buffer). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** The scenario's size when it is over the limit, otherwise undefined. */
export function oversizedScenarioBytes(scenarioText: string): number | undefined {
  // No UTF-16 unit takes more than 3 bytes, so a text of a third of the limit cannot be over it.
  if (scenarioText.length * 3 <= maxScenarioBytes) return undefined;
  const bytes = utf8ByteLength(scenarioText);
  return bytes > maxScenarioBytes ? bytes : undefined;
}
