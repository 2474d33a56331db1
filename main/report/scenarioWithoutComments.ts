/**
 * The scenario as printed in a report: its YAML without comment lines and trailing comments, so
 * it reads in a few short lines (the exact text, comments and all, stays in the embedded data).
 * A `#` inside quotes or inside a block scalar (`|`, `>`) is content, not a comment, and is kept.
 */
export function scenarioWithoutComments(scenarioText: string): string {
  const kept: string[] = [];
  let blockIndent: number | undefined;
  for (const line of scenarioText.split(/\r?\n/)) {
    const indent = line.length - line.trimStart().length;
    if (blockIndent !== undefined) {
      if (line.trim() === '' || indent > blockIndent) {
        kept.push(line);
        continue;
      }
      blockIndent = undefined;
    }
    if (/^\s*#/.test(line)) continue;
    const stripped = withoutTrailingComment(line).trimEnd();
    if (/:\s*[|>][-+0-9]*$/.test(stripped) || /^\s*-\s*[|>][-+0-9]*$/.test(stripped)) blockIndent = indent;
    kept.push(stripped);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function withoutTrailingComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const character = line[index]!;
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      continue;
    }
    if (character === '"' || character === "'") quote = character;
    else if (character === '#' && (index === 0 || /\s/.test(line[index - 1]!))) return line.slice(0, index);
  }
  return line;
}
